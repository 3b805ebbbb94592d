#!/usr/bin/env python3
"""Generates the whole-process benchmark input for `iameval test`.

Writes OUT_DIR/world.json (1,000 policies: 250 roles x (trust + 2 identity
policies), 150 secret policies, 100 key policies) and OUT_DIR/big.test.json
(100,000 single requests: GetSecretValue with the implied kms:Decrypt,
same-account AssumeRole through a tag gate, SQS and direct kms:Decrypt).

Every expectation is computed from the way the world is built, so a correct
engine passes all of them; the run doubles as a large regression test.
Deterministic: the same seed always gives byte-identical files.

usage: bench/gen_big_world.py OUT_DIR [--requests N] [--seed S]
"""
import argparse
import json
import os
import random

E = "111122223333"
REGION = "eu-west-1"
TEAMS = 25
ROLES = 250
SECRETS = 150
KEYS = 100


def role_name(i):
    return f"svc-{i % TEAMS}-{i // TEAMS}"


def role_arn(i):
    return f"arn:aws:iam::{E}:role/{role_name(i)}"


def gold(i):
    return (i // TEAMS) % 2 == 0


def secret_arn(k):
    return f"arn:aws:secretsmanager:{REGION}:{E}:secret:team{k % TEAMS}/secret-{k}-AbCdEf"


def key_arn(m):
    return f"arn:aws:kms:{REGION}:{E}:key/bench-key-{m % TEAMS}-{m}"


def queue_arn(b):
    return f"arn:aws:sqs:{REGION}:{E}:queue-{b}-jobs"


def world():
    roles = []
    for i in range(ROLES):
        t = i % TEAMS
        roles.append({
            "arn": role_arn(i),
            "tags": {"tier": "gold" if gold(i) else "silver", "team": str(t)},
            "trust_policy": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{E}:root"},
                "Action": "sts:AssumeRole"}]},
            "policies": [
                {"name": f"{role_name(i)}-secrets", "document": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "ReadTeamSecrets", "Effect": "Allow",
                     "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                     "Resource": f"arn:aws:secretsmanager:{REGION}:{E}:secret:team{t}/*"},
                    {"Sid": "DecryptTeamKeys", "Effect": "Allow", "Action": "kms:Decrypt",
                     "Resource": f"arn:aws:kms:{REGION}:{E}:key/bench-key-{t}-*"}]}},
                {"name": f"{role_name(i)}-workloads", "document": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "AssumeGoldTeamRoles", "Effect": "Allow", "Action": "sts:AssumeRole",
                     "Resource": f"arn:aws:iam::{E}:role/svc-{t}-*",
                     "Condition": {"StringEquals": {"aws:ResourceTag/tier": "gold"}}},
                    {"Sid": "SendTeamJobs", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
                     "Resource": f"arn:aws:sqs:{REGION}:{E}:queue-{t}-*"},
                    {"Sid": "NoIamWrites", "Effect": "Deny", "Action": ["iam:Create*", "iam:Delete*", "iam:Put*"],
                     "Resource": "*"}]}},
            ],
        })
    keys = []
    for m in range(KEYS):
        keys.append({"arn": key_arn(m), "policy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
             "Principal": {"AWS": f"arn:aws:iam::{E}:root"}, "Action": "kms:*", "Resource": "*"},
            {"Sid": "Allow use through Secrets Manager", "Effect": "Allow", "Principal": {"AWS": "*"},
             "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com",
                                            "kms:CallerAccount": E}}}]}})
    secrets = []
    for k in range(SECRETS):
        secrets.append({"arn": secret_arn(k), "kms_key": key_arn(k % KEYS),
                        "tags": {"team": str(k % TEAMS)},
                        "policy": {"Version": "2012-10-17", "Statement": [{
                            "Sid": "DenyOtherAccounts", "Effect": "Deny", "Principal": "*",
                            "Action": "secretsmanager:*", "Resource": "*",
                            "Condition": {"StringNotEquals": {"aws:PrincipalAccount": E}}}]}})
    return {"now": "2026-11-22T12:00:00Z", "roles": roles, "keys": keys, "secrets": secrets}


def tests(n, rng):
    out = []
    for x in range(n):
        i = rng.randrange(ROLES)
        t = i % TEAMS
        principal = f"arn:aws:sts::{E}:assumed-role/{role_name(i)}/s{x % 7}"
        kind = rng.random()
        if kind < 0.5:
            k = rng.randrange(SECRETS)
            req = ("secretsmanager:GetSecretValue", secret_arn(k), k % TEAMS == t)
        elif kind < 0.75:
            j = rng.randrange(ROLES)
            req = ("sts:AssumeRole", role_arn(j), j % TEAMS == t and gold(j))
        elif kind < 0.9:
            b = rng.randrange(TEAMS)
            req = ("sqs:SendMessage", queue_arn(b), b == t)
        else:
            m = rng.randrange(KEYS)
            req = ("kms:Decrypt", key_arn(m), m % TEAMS == t)
        action, resource, allowed = req
        out.append({"name": f"request {x}", "principal": principal, "action": action,
                    "resource": resource, "expect": "allow" if allowed else "implicit_deny"})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out_dir")
    p.add_argument("--requests", type=int, default=100000)
    p.add_argument("--seed", type=int, default=20261122)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out_dir, exist_ok=True)
    with open(os.path.join(a.out_dir, "world.json"), "w") as f:
        json.dump(world(), f, indent=1)
        f.write("\n")
    with open(os.path.join(a.out_dir, "big.test.json"), "w") as f:
        f.write('{"world": "world.json", "tests": [\n')
        f.write(",\n".join(json.dumps(t, separators=(",", ":")) for t in tests(a.requests, rng)))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
