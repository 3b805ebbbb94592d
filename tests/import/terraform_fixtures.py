#!/usr/bin/env python3
"""Imports every Terraform fixture and compares the results with the goldens.

Usage: terraform_fixtures.py IAMEVAL_BINARY SOURCE_DIR [CASE...]

Each folder of fixtures/import/terraform/ holding a plan.json or state.json
is a case. The import runs from fixtures/import/terraform/ (so messages name
"<case>/plan.json"), with the options listed in the case's `args` file (one
line, split on white space; optional):

  iameval import terraform <case>/plan.json [args] -o WORLD --report REPORT

- A case with error.golden.txt must exit 2 with exactly that on stderr.
- Any other case must exit 0; WORLD must equal world.golden.json and REPORT
  report.golden.txt, byte for byte.
- A case with run-tests.json runs the test file it names (its
  "tests" member is a path, relative to the case folder) against the
  imported world: every test must pass.

IAMEVAL_UPDATE_GOLDENS=1 rewrites the goldens from the current output instead
of comparing (review the diff before committing it).
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def run_case(binary, root, case, update, tmp):
    folder = os.path.join(root, case)
    inputs = [n for n in ("plan.json", "state.json")
              if os.path.exists(os.path.join(folder, n))]
    args = []
    if os.path.exists(os.path.join(folder, "args")):
        with open(os.path.join(folder, "args")) as f:
            args = f.read().split()
    world = os.path.join(tmp, case + ".world.json")
    report = os.path.join(tmp, case + ".report.txt")
    cmd = [binary, "import", "terraform", case + "/" + inputs[0]] + args + [
        "-o", world, "--report", report]
    p = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    failures = []
    error_golden = os.path.join(folder, "error.golden.txt")

    def compare(golden, actual, what):
        if update:
            with open(golden, "w") as f:
                f.write(actual)
            return
        with open(golden) as f:
            expected = f.read()
        if expected != actual:
            failures.append("%s: %s differs from %s:\n--- expected\n%s--- actual\n%s"
                            % (case, what, os.path.basename(golden), expected, actual))

    if os.path.exists(error_golden):
        if p.returncode != 2:
            failures.append("%s: exit status %d; expected 2\n%s" % (case, p.returncode, p.stderr))
        compare(error_golden, p.stderr, "stderr")
        return failures
    if p.returncode != 0:
        return ["%s: exit status %d; expected 0\n%s" % (case, p.returncode, p.stderr)]
    with open(world) as f:
        compare(os.path.join(folder, "world.golden.json"), f.read(), "the world")
    with open(report) as f:
        compare(os.path.join(folder, "report.golden.txt"), f.read(), "the report")
    seed = os.path.join(folder, "run-tests.json")
    if os.path.exists(seed):
        with open(seed) as f:
            test_file = os.path.normpath(os.path.join(folder, json.load(f)["tests"]))
        # The scenario's own tests against the imported world (`iameval test
        # --world`, as a pull-request job would run them).
        t = subprocess.run([binary, "test", test_file, "--world", world],
                           capture_output=True, text=True)
        if t.returncode == 0 and not re.search(r"^[1-9][0-9]* passed, 0 failed",
                                               t.stdout, re.M):
            failures.append("%s: %s ran no test:\n%s" % (case, test_file, t.stdout))
        if t.returncode != 0:
            failures.append("%s: %s against the imported world:\n%s%s"
                            % (case, test_file, t.stdout, t.stderr))
    return failures


def main():
    binary, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    root = os.path.join(source, "fixtures", "import", "terraform")
    cases = sys.argv[3:] or sorted(
        d for d in os.listdir(root)
        if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))
    update = os.environ.get("IAMEVAL_UPDATE_GOLDENS") == "1"
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            failures += run_case(binary, root, case, update, tmp)
    for f in failures:
        print("FAIL " + f)
    print("%d cases, %d failures" % (len(cases), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
