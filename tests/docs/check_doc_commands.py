#!/usr/bin/env python3
"""Keeps the guide's CI examples real: runs each `$ iameval ...` line of the
docs/index.md blocks marked `<!-- checked: tests/docs/check_doc_commands.py -->`
from the source directory and compares what it prints with the lines the
guide shows below it (stdout; stderr when the command prints nothing on
stdout).

usage: check_doc_commands.py IAMEVAL_BINARY SOURCE_DIR
"""

import os
import subprocess
import sys

MARKER = "<!-- checked: tests/docs/check_doc_commands.py -->"


def blocks(lines):
    """The fenced blocks that follow a marker line."""
    i = 0
    while i < len(lines):
        if lines[i].strip() == MARKER:
            start = i + 1
            if start >= len(lines) or not lines[start].startswith("```"):
                raise ValueError(f"docs/index.md:{i + 1}: marker without a block")
            end = start + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            yield start + 2, lines[start + 1:end]
            i = end
        i += 1


def main():
    binary, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with open(os.path.join(source, "docs/index.md"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    checked = 0
    failures = 0
    for first, block in blocks(lines):
        commands = []
        for n, line in enumerate(block, first):
            if line.startswith("$ "):
                commands.append((n, line[2:], []))
            elif commands:
                commands[-1][2].append(line)
            else:
                raise ValueError(f"docs/index.md:{n}: block does not start with $")
        for n, command, shown in commands:
            script = f'iameval() {{ "{binary}" "$@"; }}\n{command}\n'
            r = subprocess.run(["bash", "-c", script], cwd=source, capture_output=True,
                               text=True, env=dict(os.environ, NO_COLOR="1"))
            printed = r.stdout if r.stdout else r.stderr
            expected = "\n".join(shown) + "\n"
            checked += 1
            if printed != expected:
                failures += 1
                print(f"docs/index.md:{n}: `{command}` prints:\n{printed}"
                      f"--- the guide shows:\n{expected}")
    if checked == 0:
        print("no checked commands found")
        return 1
    print(f"{checked} command(s) checked, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
