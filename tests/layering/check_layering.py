#!/usr/bin/env python3
# iameval: offline AWS IAM policy evaluation.
#
# Checks the layering of lib/ (docs/design.md#layers): every file of
# lib/<folder>/ may include headers of its own folder, of the folders its
# module declares in CMakeLists.txt (iameval_module ... DEPS), transitively,
# and the public headers (iameval/...). Anything else is a layering
# violation. Every folder of lib/ must be a module.
#
# Usage: check_layering.py <build>/iameval_layers.txt <source dir>

import os
import re
import sys


def main():
    layers_file, source_dir = sys.argv[1], sys.argv[2]
    deps = {}
    with open(layers_file) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            folder, _, rest = line.partition(":")
            deps[folder.strip()] = rest.split()

    def closure(folder):
        seen, todo = set(), [folder]
        while todo:
            for d in deps.get(todo.pop(), []):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen

    lib = os.path.join(source_dir, "lib")
    include = re.compile(r'^\s*#\s*include\s+"([a-z_0-9]+)/')
    errors = []
    for folder in sorted(os.listdir(lib)):
        path = os.path.join(lib, folder)
        if not os.path.isdir(path):
            continue
        if folder not in deps:
            errors.append(f"lib/{folder}/ is not a module (iameval_module in CMakeLists.txt)")
            continue
        allowed = closure(folder) | {folder}
        for name in sorted(os.listdir(path)):
            if not name.endswith((".h", ".cc")):
                continue
            with open(os.path.join(path, name)) as f:
                for number, text in enumerate(f, 1):
                    m = include.match(text)
                    if not m or m.group(1) == "iameval":
                        continue
                    used = m.group(1)
                    if used in deps and used not in allowed:
                        errors.append(
                            f"lib/{folder}/{name}:{number}: includes {used}/, "
                            f"but module {folder} depends only on "
                            f"{', '.join(sorted(allowed - {folder})) or 'nothing'}")
    for e in errors:
        print(e)
    if errors:
        print(f"{len(errors)} layering violation(s)")
        return 1
    print(f"layering: {len(deps)} modules, no violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
