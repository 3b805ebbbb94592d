#!/usr/bin/env python3
# iameval: offline AWS IAM policy evaluation.
#
# `iameval import aws export` in each fixtures/import/aws-org/error-*/ case
# must exit 2 with exactly "iameval import: " + the case's error.golden.txt
# on stderr (the located message; the gtest iameval_import_aws_org_test
# checks the same text from the library) and write no world.
#
# usage: check_aws_org_errors.py IAMEVAL SOURCE_DIR

import os
import subprocess
import sys
import tempfile


def main():
    iameval, src = os.path.abspath(sys.argv[1]), sys.argv[2]
    cases_dir = os.path.join(src, "fixtures", "import", "aws-org")
    cases = sorted(c for c in os.listdir(cases_dir) if c.startswith("error-"))
    failures = []
    if len(cases) < 5:
        failures.append(f"only {len(cases)} error cases")
    for case in cases:
        cwd = os.path.join(cases_dir, case)
        with open(os.path.join(cwd, "error.golden.txt"), encoding="utf-8") as f:
            want = "iameval import: " + f.read()
        with tempfile.TemporaryDirectory() as tmp:
            world = os.path.join(tmp, "world.json")
            r = subprocess.run([iameval, "import", "aws", "export", "-o", world],
                               cwd=cwd, capture_output=True, text=True)
            if r.returncode != 2:
                failures.append(f"{case}: exit {r.returncode}, expected 2")
            if r.stderr != want:
                failures.append(f"{case}: stderr\n  {r.stderr!r}\nexpected\n  {want!r}")
            if os.path.exists(world):
                failures.append(f"{case}: a world was written")
    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
