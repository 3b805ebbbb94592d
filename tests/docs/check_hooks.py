#!/usr/bin/env python3
"""Checks .pre-commit-hooks.yaml and runs its hooks as pre-commit would.

usage: check_hooks.py IAMEVAL_BINARY SOURCE_DIR

pre-commit runs a `language: system` hook as `entry args... files...` in
the repository root, with the files whose path matches `files` (and not
`exclude`), and skips the hook when no file matches (unless
always_run). This does the same, with the built binary first on PATH, in a
small repository written for the purpose, and asserts each exit status.
"""

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mini_yaml  # noqa: E402

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
        print("FAIL:", message)


def write(root, path, value):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(value if isinstance(value, str) else json.dumps(value, indent=2))


def run_hook(hook, repo, binary):
    """Returns the hook's exit status, or None when pre-commit would skip it."""
    files = []
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in sorted(filenames):
            files.append(os.path.relpath(os.path.join(dirpath, name), repo))
    include = re.compile(hook.get("files", ""))
    exclude = re.compile(hook["exclude"]) if hook.get("exclude") else None
    chosen = [f for f in files if include.search(f) and not (exclude and exclude.search(f))]
    if not chosen and not hook.get("always_run", False):
        return None
    cmd = shlex.split(hook["entry"]) + list(hook.get("args", []))
    if hook.get("pass_filenames", True):
        cmd += chosen
    env = dict(os.environ, PATH=os.path.dirname(binary) + os.pathsep + os.environ["PATH"])
    r = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    print(f"--- {hook['id']}: {' '.join(cmd)}: exit {r.returncode}")
    print(r.stdout[-400:], r.stderr[-400:], sep="")
    return r.returncode


def main():
    binary, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    check(os.path.basename(binary) == "iameval", "the binary is called iameval")
    hooks = {h["id"]: h for h in mini_yaml.load(os.path.join(source, ".pre-commit-hooks.yaml"))}
    check(set(hooks) == {"iameval-lint", "iameval-test"}, f"hook ids {sorted(hooks)}")
    for hook in hooks.values():
        check(hook["language"] == "system", f"{hook['id']}: language: system")
        for key in ("name", "entry", "files"):
            check(key in hook, f"{hook['id']}: has {key}")
    check(hooks["iameval-lint"]["entry"] == "iameval lint", "lint entry")
    check(hooks["iameval-lint"]["pass_filenames"] is True, "lint gets the file names")

    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exports/*"}]}
    test = {"world": "world.json", "tests": [{
        "name": "reader reads an export",
        "principal": "arn:aws:iam::111122223333:user/reader",
        "action": "s3:GetObject", "resource": "arn:aws:s3:::exports/a.csv",
        "expect": "allow"}]}
    with tempfile.TemporaryDirectory() as repo:
        write(repo, "policies/read-exports.json", policy)
        write(repo, "package.json", {"name": "not-a-policy"})
        write(repo, "tests/world.json", {
            "users": [{"arn": "arn:aws:iam::111122223333:user/reader",
                       "policies": ["../policies/read-exports.json"]}],
            "resources": [{"arn": "arn:aws:s3:::exports/a.csv", "account": "111122223333"}]})
        write(repo, "tests/read.test.json", test)
        # Clean: package.json and the test files are not linted as policies.
        check(run_hook(hooks["iameval-lint"], repo, binary) == 0, "lint hook, clean repository")
        check(run_hook(hooks["iameval-test"], repo, binary) == 0, "test hook, passing tests")
        # A policy AWS would reject stops the commit.
        write(repo, "policies/nested/bad.json",
              {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": True}]})
        check(run_hook(hooks["iameval-lint"], repo, binary) == 2, "lint hook, invalid policy")
        os.remove(os.path.join(repo, "policies/nested/bad.json"))
        # A policy change that breaks a test stops the commit too.
        policy["Statement"][0]["Resource"] = "arn:aws:s3:::imports/*"
        write(repo, "policies/read-exports.json", policy)
        check(run_hook(hooks["iameval-lint"], repo, binary) == 0, "lint hook, narrower policy")
        check(run_hook(hooks["iameval-test"], repo, binary) == 1, "test hook, failing test")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print(".pre-commit-hooks.yaml: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
