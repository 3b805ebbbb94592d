#!/usr/bin/env python3
"""Imports each case of fixtures/import/aws with `iameval import aws` and
compares the result with the case's goldens.

A case is a folder with an `export/` directory (the AWS CLI outputs) and:
  world.golden.json     the world file the import writes (-o), byte for byte
  report.golden.txt     the --report text, byte for byte
  expected_error.txt    instead of the two above: the import must exit 2
                        and print exactly this on stderr
  args                  optional: more arguments, one per line
                        (e.g. --managed-policies, then its path)
  scenario              optional: the path (from the repository root) of a
                        scenario test file to run against the imported world
                        with `iameval test --world WORLD FILE`
Commands run in the case folder, so the report names files "export/...".

usage: check_aws_import.py IAMEVAL FIXTURES_AWS_DIR
Set IAMEVAL_UPDATE_GOLDENS=1 to rewrite the goldens from the current output
(then review the diff).
"""

import json
import os
import re
import subprocess
import sys
import tempfile


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run_scenario(iameval, repo, case_dir, world_path, tmp):
    """Runs the scenario test file named in `scenario` against the world."""
    test_file = os.path.join(repo, read(os.path.join(case_dir,
                                                     "scenario")).strip())
    cmd = [iameval, "test", "--world", world_path, test_file]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        return ["scenario %s failed (exit %d):\n%s%s" %
                (test_file, out.returncode, out.stdout, out.stderr)]
    if not re.search(r"^[1-9][0-9]* passed, 0 failed", out.stdout, re.M):
        return ["scenario %s ran no test:\n%s" % (test_file, out.stdout)]
    return []


def compare(path, actual, update):
    if update:
        with open(path, "w", encoding="utf-8") as f:
            f.write(actual)
        return []
    if not os.path.exists(path):
        return ["%s is missing" % path]
    expected = read(path)
    if expected != actual:
        import difflib
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), actual.splitlines(True),
            path, "actual"))
        return ["%s differs:\n%s" % (path, diff)]
    return []


def check_case(iameval, repo, case_dir, update):
    args = []
    if os.path.exists(os.path.join(case_dir, "args")):
        args = [a for a in read(os.path.join(case_dir, "args")).splitlines()
                if a]
    with tempfile.TemporaryDirectory() as tmp:
        world = os.path.join(tmp, "world.json")
        report = os.path.join(tmp, "report.txt")
        cmd = [iameval, "import", "aws", "export", "-o", world,
               "--report", report] + args
        out = subprocess.run(cmd, cwd=case_dir, capture_output=True,
                             text=True)
        error_golden = os.path.join(case_dir, "expected_error.txt")
        if os.path.exists(error_golden):
            problems = []
            if out.returncode != 2:
                problems.append("expected exit 2, got %d" % out.returncode)
            return problems + compare(error_golden, out.stderr, update)
        if out.returncode != 0:
            return ["import failed (exit %d):\n%s" %
                    (out.returncode, out.stderr)]
        problems = compare(os.path.join(case_dir, "world.golden.json"),
                           read(world), update)
        problems += compare(os.path.join(case_dir, "report.golden.txt"),
                            read(report), update)
        if os.path.exists(os.path.join(case_dir, "scenario")):
            problems += run_scenario(iameval, repo, case_dir, world, tmp)
        return problems


def main():
    argv = sys.argv[1:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    iameval, fixtures = os.path.abspath(argv[0]), os.path.abspath(argv[1])
    repo = os.path.abspath(os.path.join(fixtures, "..", "..", ".."))
    update = os.environ.get("IAMEVAL_UPDATE_GOLDENS") == "1"
    failed = 0
    ran = 0
    for name in sorted(os.listdir(fixtures)):
        case_dir = os.path.join(fixtures, name)
        if not os.path.isdir(os.path.join(case_dir, "export")):
            continue
        ran += 1
        problems = check_case(iameval, repo, case_dir, update)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        else:
            print("ok   %s" % name)
    if ran == 0:
        print("no cases found in %s" % fixtures)
        return 1
    print("%d of %d cases failed" % (failed, ran) if failed else
          "all %d cases passed" % ran)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
