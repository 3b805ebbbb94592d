#!/usr/bin/env python3
"""Runs every iameval command the documentation shows and compares the output.

Usage: check_commands.py IAMEVAL_BINARY SOURCE_DIR FILE.md...

A fenced block that shows an iameval command must be preceded by a check
annotation (an HTML comment, invisible when the page is rendered):

    <!-- check: dir=docs/examples/edge status=1 -->
    ```
    $ iameval test edge.test.json
    PASS ...
    ```

- `dir`: the working directory, relative to the source directory (default:
  the source directory itself).
- `status`: the exit status of every command, or a comma-separated list with
  one status per command (default 0).
- `streams`: `all` (default: stdout and stderr together, as a terminal
  shows them) or `stdout` (stderr is not compared; for commands whose
  warnings on stderr are beside the point of the example).
- `ignore`: a regular expression (no spaces) for what changes from run to
  run, such as a report's timestamp; its matches are masked in the documented
  and the actual output alike before they are compared. May be repeated.

Each `$ ` line is a command (a trailing backslash continues it on the next
line); the lines up to the next command or the end of the block are its
expected output, stdout and stderr together, exactly. `iameval` and
`build/iameval` at the start of a command run the binary under test, through
bash, so globs expand as they would for a reader. NO_COLOR is set.

A block with an iameval command and no annotation is an error: every command
the documentation shows is run.
"""

import difflib
import os
import re
import subprocess
import sys
import tempfile

ANNOTATION = re.compile(r"^<!--\s*check:(.*)-->\s*$")
COMMAND_LINE = re.compile(r"^\$ (?:build/)?iameval\b")


def parse_blocks(path):
    """Yields (line_number, annotation or None, block lines) for each fence."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    last_text = None  # the last non-blank line before a fence
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            m = ANNOTATION.match(last_text or "")
            yield start, (m.group(1) if m else None), lines[start:j]
            i = j + 1
            last_text = None
            continue
        if line.strip():
            last_text = line.strip()
        i += 1


def split_commands(block):
    """Returns [(command, expected output lines)] of a transcript block."""
    result = []
    i = 0
    while i < len(block):
        line = block[i]
        if not line.startswith("$ "):
            i += 1
            continue
        command = line[2:]
        while command.endswith("\\") and i + 1 < len(block):
            i += 1
            command = command[:-1] + " " + block[i].strip()
        i += 1
        output = []
        while i < len(block) and not block[i].startswith("$ "):
            output.append(block[i])
            i += 1
        result.append((command, output))
    return result


def parse_annotation(text):
    fields = {"ignore": []}
    for item in text.split():
        key, _, value = item.partition("=")
        if key == "ignore":
            fields["ignore"].append(re.compile(value))
        else:
            fields[key] = value
    unknown = set(fields) - {"dir", "status", "ignore", "streams"}
    if fields.get("streams", "all") not in ("all", "stdout"):
        raise ValueError("streams=%s; expected all or stdout" % fields["streams"])
    if unknown:
        raise ValueError("unknown annotation field(s) %s" % sorted(unknown))
    return fields


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    source = os.path.abspath(sys.argv[2])
    bindir = tempfile.mkdtemp(prefix="iameval-docs-")
    os.symlink(binary, os.path.join(bindir, "iameval"))
    env = dict(os.environ)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env["NO_COLOR"] = "1"
    env.pop("IAMEVAL_MAX_INPUT_BYTES", None)

    failures = 0
    ran = 0
    for doc in sys.argv[3:]:
        path = os.path.join(source, doc)
        for line_no, annotation, block in parse_blocks(path):
            shows_command = any(COMMAND_LINE.match(l) for l in block)
            if not shows_command:
                continue
            where = "%s:%d" % (doc, line_no)
            if annotation is None:
                print("%s: a block shows an iameval command but has no "
                      "<!-- check: ... --> annotation before it" % where)
                failures += 1
                continue
            try:
                fields = parse_annotation(annotation)
            except ValueError as e:
                print("%s: %s" % (where, e))
                failures += 1
                continue
            cwd = os.path.join(source, fields.get("dir", "."))
            commands = split_commands(block)
            statuses = fields.get("status", "0").split(",")
            if len(statuses) not in (1, len(commands)):
                print("%s: %d statuses for %d commands" %
                      (where, len(statuses), len(commands)))
                failures += 1
                continue
            for n, (command, expected) in enumerate(commands):
                want = int(statuses[n] if len(statuses) > 1 else statuses[0])
                run = re.sub(r"^(?:build/)?iameval\b", "iameval", command)
                stderr = (subprocess.STDOUT
                          if fields.get("streams", "all") == "all"
                          else subprocess.DEVNULL)
                proc = subprocess.run(["bash", "-c", run], cwd=cwd, env=env,
                                      stdout=subprocess.PIPE, stderr=stderr,
                                      timeout=120)
                ran += 1
                got = proc.stdout.decode("utf-8", "replace").rstrip("\n")
                want_text = "\n".join(expected).rstrip("\n")
                for pattern in fields["ignore"]:
                    got = pattern.sub("<ignored>", got)
                    want_text = pattern.sub("<ignored>", want_text)
                ok = True
                if proc.returncode != want:
                    print("%s: `%s` exited %d; the docs say %d" %
                          (where, command, proc.returncode, want))
                    ok = False
                if got != want_text:
                    print("%s: `%s` printed something else than the docs "
                          "show:" % (where, command))
                    for d in difflib.unified_diff(
                            want_text.split("\n"), got.split("\n"),
                            "documented", "actual", lineterm=""):
                        print("  " + d)
                    ok = False
                if ok:
                    print("ok: %s: %s" % (where, command))
                else:
                    failures += 1
    print("%d command(s) run, %d failure(s)" % (ran, failures))
    if ran == 0:
        print("no documented commands found: the check would prove nothing")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
