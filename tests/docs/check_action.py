#!/usr/bin/env python3
"""Checks action.yml (the GitHub Action) and runs its iameval steps.

usage: check_action.py IAMEVAL_BINARY SOURCE_DIR

The steps that install packages and build are GitHub-runner work and are
only checked for shape; the `iameval test` and `iameval lint` steps run
here exactly as the runner would run them (bash -eo pipefail, inputs
through env), with the built binary in place of the action's build, on the
repository's fixtures and on a failing test written for the purpose; each
case asserts the step's exit status and the report it leaves.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mini_yaml  # noqa: E402

ALLOWED_USES = {"actions/upload-artifact@v4", "github/codeql-action/upload-sarif@v3"}
failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
        print("FAIL:", message)


def main():
    binary, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    action = mini_yaml.load(os.path.join(source, "action.yml"))
    inputs = action["inputs"]
    runs = action["runs"]
    check(runs["using"] == "composite", "runs.using is composite")
    steps = {s.get("id", s.get("name")): s for s in runs["steps"]}
    for step in runs["steps"]:
        if "run" in step:
            check(step.get("shell") == "bash", f"{step['name']}: shell: bash")
        else:
            check(step.get("uses") in ALLOWED_USES, f"{step['name']}: uses {step.get('uses')}")
    text = open(os.path.join(source, "action.yml"), encoding="utf-8").read()
    for name in re.findall(r"\$\{\{[^}]*\binputs\.([\w-]+)", text):
        check(name in inputs, f"inputs.{name} is declared")
    # The packages are the build's (tools/setup.sh), not a second list.
    setup = open(os.path.join(source, "tools/setup.sh"), encoding="utf-8").read()
    apt = re.search(r"apt-get install[^\n]*--no-install-recommends ([^\n]*)", steps["deps"]["run"])
    check(apt is not None, "deps step installs with apt-get")
    for package in apt.group(1).split() if apt else []:
        check(re.search(r"(^|\s)" + re.escape(package) + r"(\s|$)", setup) is not None,
              f"{package} is a build dependency in tools/setup.sh")
    build = steps["build"]["run"]
    for needle in ("-DIAMEVAL_BUILD_TESTS=OFF", "--target iameval_cli", "$GITHUB_OUTPUT"):
        check(needle in build, f"build step has {needle}")
    sarif_upload = [s for s in runs["steps"] if s.get("uses", "").startswith("github/codeql")]
    check(sarif_upload and sarif_upload[0]["with"]["sarif_file"] == "${{ inputs.sarif-report }}",
          "upload-sarif uploads the lint report")

    def run_step(step_id, cwd, **given):
        """Runs one step as the runner does; returns its exit status."""
        step = steps[step_id]
        values = {k: str(v.get("default", "")) for k, v in inputs.items()}
        values.update({k.replace("_", "-"): v for k, v in given.items()})

        def subst(value):
            value = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m.group(1)], value)
            value = value.replace("${{ steps.build.outputs.iameval }}", binary)
            if "${{" in value:
                raise ValueError(f"{step_id}: unknown expression in {value}")
            return value

        env = dict(os.environ)
        env.update({k: subst(str(v)) for k, v in step.get("env", {}).items()})
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
            f.write(step["run"])
        try:
            r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", f.name],
                               cwd=cwd, env=env, capture_output=True, text=True)
        finally:
            os.unlink(f.name)
        print(f"--- {step_id} {given}: exit {r.returncode}")
        print(r.stdout[-600:], r.stderr[-600:], sep="")
        return r.returncode

    def junit(path):
        root = ET.parse(path).getroot()
        return int(root.get("tests")), int(root.get("failures")), len(root.findall("testsuite"))

    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "junit.xml")
        # Passing tests: a directory and a pattern the shell must not expand.
        status = run_step("test", source, junit_report=report,
                          tests="fixtures/scenarios/tag-gate\nfixtures/scenarios/**/session-tags.test.json")
        check(status == 0, f"passing tests: exit {status}")
        tests, failed, suites = junit(report)
        check(tests > 10 and failed == 0 and suites == 2, f"passing tests: junit {tests} {failed} {suites}")
        # --run selects.
        status = run_step("test", source, junit_report=report,
                          tests="fixtures/scenarios/tag-gate", run="^chain:")
        check(status == 0 and junit(report)[0] == 2, f"--run: exit {status}")
        status = run_step("test", source, junit_report=report,
                          tests="fixtures/scenarios/tag-gate", run="no test is called this")
        check(status == 2, f"--run selecting nothing: exit {status}")
        # A failing test: exit 1 and a <failure> in the report.
        work = os.path.join(tmp, "repo")
        os.makedirs(os.path.join(work, "tests"))
        with open(os.path.join(work, "tests/world.json"), "w") as f:
            json.dump({"users": [{"arn": "arn:aws:iam::111122223333:user/nobody"}]}, f)
        with open(os.path.join(work, "tests/fail.test.json"), "w") as f:
            json.dump({"world": "world.json", "tests": [{
                "name": "nobody reads (wrong expectation)",
                "principal": "arn:aws:iam::111122223333:user/nobody",
                "action": "s3:GetObject", "resource": "arn:aws:s3:::exports/a.csv",
                "expect": "allow"}]}, f)
        status = run_step("test", work, junit_report=report)  # default: "."
        check(status == 1, f"failing test: exit {status}")
        check(junit(report)[:2] == (1, 1), "failing test: junit has the failure")
        # Nothing to test is an error, not a pass.
        status = run_step("test", source, junit_report=report,
                          tests="fixtures/scenarios/no-such/**/*.test.json")
        check(status == 2, f"pattern without a match: exit {status}")

        sarif = os.path.join(tmp, "lint.sarif")
        for lint, want in (("fixtures/policies/valid/boundary-s3-only.boundary.json", 0),
                           ("fixtures/policies/valid", 1),
                           ("fixtures/policies/invalid/*.json", 2)):
            status = run_step("lint", source, sarif_report=sarif, lint=lint)
            check(status == want, f"lint {lint}: exit {status}, expected {want}")
            with open(sarif, encoding="utf-8") as f:
                doc = json.load(f)
            check(doc.get("version") == "2.1.0", f"lint {lint}: SARIF 2.1.0")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("action.yml: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
