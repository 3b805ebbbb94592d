"""The small part of YAML that action.yml and .pre-commit-hooks.yaml use.

PyYAML is not a build dependency, so the checks that run those files parse
them with this: block mappings and sequences by indentation, `|` and `>-`
block scalars, [a, b] flow sequences, quoted and plain scalars, true/false,
and `#` comments. Anything else raises ValueError, so the files cannot drift
into YAML this reader gets wrong silently. When PyYAML is installed,
load() also compares its result with yaml.safe_load's.
"""


def _strip_comment(text):
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"" and (i == 0 or text[i - 1] in " [,:"):
            quote = c
        elif c == "#" and (i == 0 or text[i - 1] == " "):
            return text[:i].rstrip()
    return text.rstrip()


def _scalar(text, where):
    text = text.strip()
    if not text:
        return None
    if text[0] == '"':
        if not text.endswith('"') or len(text) < 2:
            raise ValueError(f"{where}: unterminated string {text}")
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if text[0] == "'":
        if not text.endswith("'") or len(text) < 2:
            raise ValueError(f"{where}: unterminated string {text}")
        return text[1:-1].replace("''", "'")
    if text[0] == "[":
        if not text.endswith("]"):
            raise ValueError(f"{where}: unsupported flow sequence {text}")
        inner = text[1:-1].strip()
        return [_scalar(p, where) for p in inner.split(",")] if inner else []
    if text[0] in "{&*!%@`|>":
        raise ValueError(f"{where}: unsupported YAML {text}")
    if text in ("true", "false"):
        return text == "true"
    return text


class _Reader:
    def __init__(self, text, name):
        self.name = name
        self.raw = text.split("\n")
        # (line number, indent, content) of the lines that hold something.
        self.lines = []
        for n, line in enumerate(self.raw, 1):
            if "\t" in line[: len(line) - len(line.lstrip())]:
                raise ValueError(f"{name}:{n}: tab in indentation")
            content = _strip_comment(line)
            if content.strip():
                self.lines.append((n, len(line) - len(line.lstrip()), content.strip()))
        self.i = 0

    def where(self, n):
        return f"{self.name}:{n}"

    def block_scalar(self, style, parent_indent, n):
        # The raw lines after line n that are indented deeper than the key.
        body = []
        k = n  # raw index of the next line (0-based == n)
        while k < len(self.raw):
            line = self.raw[k]
            if line.strip() and len(line) - len(line.lstrip()) <= parent_indent:
                break
            body.append(line)
            k += 1
        while body and not body[-1].strip():
            body.pop()
        if not body:
            raise ValueError(f"{self.where(n)}: empty block scalar")
        indent = min(len(l) - len(l.lstrip()) for l in body if l.strip())
        body = [l[indent:] for l in body]
        # Skip the parsed lines.
        while self.i < len(self.lines) and self.lines[self.i][0] <= k:
            self.i += 1
        if style == "|":
            return "\n".join(body) + "\n"
        if style == ">-":
            return " ".join(l.strip() for l in body if l.strip())
        raise ValueError(f"{self.where(n)}: unsupported block style {style}")

    def value_after(self, rest, indent, n):
        """The value of `key: rest` at `indent` on line n."""
        if rest in ("|", ">-"):
            return self.block_scalar(rest, indent, n)
        if rest:
            return _scalar(rest, self.where(n))
        if self.i < len(self.lines) and self.lines[self.i][1] > indent:
            return self.block(self.lines[self.i][1])
        if (self.i < len(self.lines) and self.lines[self.i][1] == indent
                and self.lines[self.i][2].startswith("- ")):
            return self.block(indent)  # a sequence at the key's indent
        return None

    def block(self, indent):
        n, ind, content = self.lines[self.i]
        if content.startswith("- ") or content == "-":
            return self.sequence(indent)
        return self.mapping(indent)

    def sequence(self, indent):
        out = []
        while self.i < len(self.lines):
            n, ind, content = self.lines[self.i]
            if ind < indent:
                break
            if ind > indent or not content.startswith("- "):
                raise ValueError(f"{self.where(n)}: unexpected line in a sequence")
            item = content[2:].strip()
            if ":" in item and not item.startswith(("'", '"', "[")) and (
                    item.endswith(":") or ": " in item):
                # A mapping whose first key shares the dash's line.
                self.lines[self.i] = (n, indent + 2, item)
                out.append(self.mapping(indent + 2))
            else:
                self.i += 1
                out.append(_scalar(item, self.where(n)))
        return out

    def mapping(self, indent):
        out = {}
        while self.i < len(self.lines):
            n, ind, content = self.lines[self.i]
            if ind < indent:
                break
            if ind > indent:
                raise ValueError(f"{self.where(n)}: unexpected indentation")
            if content.startswith("- "):
                break
            if content.endswith(":"):
                key, rest = content[:-1], ""
            elif ": " in content:
                key, rest = content.split(": ", 1)
            else:
                raise ValueError(f"{self.where(n)}: expected key: value")
            key = key.strip()
            if key in out:
                raise ValueError(f"{self.where(n)}: duplicate key {key}")
            self.i += 1
            out[key] = self.value_after(rest.strip(), indent, n)
        return out


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    reader = _Reader(text, path)
    if not reader.lines:
        return None
    value = reader.block(reader.lines[0][1])
    if reader.i != len(reader.lines):
        n = reader.lines[reader.i][0]
        raise ValueError(f"{path}:{n}: unexpected line")
    try:
        import yaml  # optional: a second opinion
    except ImportError:
        return value
    expected = yaml.safe_load(text)
    if expected != value:
        raise ValueError(f"{path}: mini_yaml and PyYAML disagree:\n"
                         f"{value!r}\n{expected!r}")
    return value
