#!/usr/bin/env bash
# iameval: offline AWS IAM policy evaluation.
#
# collect-aws.sh: writes the AWS CLI outputs that `iameval import aws DIR`
# reads into DIR, in the layout of docs/import.md. Read-only: it calls only
# list, get and describe operations (the list is in docs/import.md, with the
# IAM permissions they need), and changes nothing in any account.
#
#   tools/collect-aws.sh --profile dev --org-profile mgmt export/
#   tools/collect-aws.sh --profile prod --no-org export/     # a second account
#   iameval import aws export/ -o world.json
#
# Needs the AWS CLI v2 and python3 (to read the lists the CLI prints).

set -euo pipefail

readonly kUsage="usage: collect-aws.sh [--regions r1,r2] [--profile P]
                      [--org-profile P | --no-org] DIR

Writes the AWS CLI outputs that \`iameval import aws DIR\` reads into DIR:
DIR/<account id>/ for the account of --profile, and DIR/organizations/ from
the organization's management account. Only read-only calls are made.
Several accounts: run once per profile into the same DIR (with --no-org
after the first run). A folder this script writes is replaced as a whole.

  --regions r1,r2    the regions of Secrets Manager, KMS, SQS and SNS
                     (default: the profile's configured region)
  --profile P        the AWS CLI profile of the account (default: the
                     CLI's default credentials)
  --org-profile P    the profile of the management account, for
                     DIR/organizations (default: --profile)
  --no-org           do not collect DIR/organizations
  -h, --help         this text"

die() {
  printf 'collect-aws.sh: %s\n' "$*" >&2
  exit 2
}

regions=""
profile=""
org_profile=""
no_org=0
out=""
while (($# > 0)); do
  case "$1" in
    --regions) (($# >= 2)) || die "--regions needs a value"; regions=$2; shift 2 ;;
    --regions=*) regions=${1#*=}; shift ;;
    --profile) (($# >= 2)) || die "--profile needs a value"; profile=$2; shift 2 ;;
    --profile=*) profile=${1#*=}; shift ;;
    --org-profile) (($# >= 2)) || die "--org-profile needs a value"; org_profile=$2; shift 2 ;;
    --org-profile=*) org_profile=${1#*=}; shift ;;
    --no-org) no_org=1; shift ;;
    -h | --help) printf '%s\n' "$kUsage"; exit 0 ;;
    -*) printf '%s\n' "$kUsage" >&2; die "unknown option $1" ;;
    *)
      [[ -z $out ]] || die "one output directory only (got $out and $1)"
      out=$1
      shift
      ;;
  esac
done
[[ -n $out ]] || { printf '%s\n' "$kUsage" >&2; die "no output directory given"; }
if ((no_org)) && [[ -n $org_profile ]]; then
  die "--no-org and --org-profile given together"
fi
[[ -n $org_profile ]] || org_profile=$profile
command -v aws >/dev/null || die "the AWS CLI (aws) is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH"

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# call PROFILE OUTFILE TOLERATED -- ARGS...: runs `aws ARGS --output json`
# as PROFILE and writes what it prints to OUTFILE (creating its folder).
# When the call fails with an error code matching the extended regex
# TOLERATED (for example NoSuchBucketPolicy: the resource has no policy),
# writes nothing and returns 1; any other failure stops the script.
call() {
  local prof=$1 file=$2 tolerated=$3
  shift 4
  local -a args=("$@")
  [[ -z $prof ]] || args=(--profile "$prof" "${args[@]}")
  if aws "${args[@]}" --output json >"$tmp/stdout" 2>"$tmp/stderr"; then
    # Explicit checks: errexit is off in a function called as `call ... ||`.
    mkdir -p -- "$(dirname -- "$file")" || die "cannot create $(dirname -- "$file")"
    mv -- "$tmp/stdout" "$file" || die "cannot write $file"
    return 0
  fi
  if [[ -n $tolerated ]] && grep -Eq "\\(($tolerated)\\)" "$tmp/stderr"; then
    return 1
  fi
  cat -- "$tmp/stderr" >&2
  die "failed: aws $*"
}

# values FILE PATH: prints the values at PATH in the JSON file FILE, one a
# line: "A" (a string member), "A[]" (the strings of array A) or "A[].B"
# (member B of each object of array A). An empty file (what some list
# operations print when there is nothing to list) has no values.
values() {
  python3 - "$1" "$2" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
if not text.strip():
    sys.exit(0)
doc = json.loads(text)
path = sys.argv[2]
if "[]" not in path:
    print(doc[path])
    sys.exit(0)
array, _, member = path.partition("[]")
for item in doc.get(array) or []:
    print(item[member[1:]] if member else item)
PY
}

# list ARRAY FILE PATH: the values (as above) into the array named ARRAY.
# A malformed file stops the script: a list cut short would leave
# resources out of the export.
list() {
  local -n _list_out=$1
  values "$2" "$3" >"$tmp/values" || die "cannot read $3 from $2"
  mapfile -t _list_out <"$tmp/values"
}

# A name used as a folder: no "/", not "." or "..".
check_name() {
  [[ -n $1 && $1 != *"/"* && $1 != "." && $1 != ".." ]] ||
    die "unexpected name from the AWS CLI: '$1'"
}

collect_account() {
  local prof=$profile
  call "$prof" "$tmp/caller.json" "" -- sts get-caller-identity
  local account
  account=$(values "$tmp/caller.json" Account)
  [[ $account =~ ^[0-9]{12}$ ]] || die "unexpected account id '$account'"
  local dir="$out/$account"
  rm -rf -- "$dir"
  mkdir -p -- "$dir"
  printf 'collect-aws.sh: account %s into %s\n' "$account" "$dir" >&2

  call "$prof" "$dir/iam/get-account-authorization-details.json" "" -- \
    iam get-account-authorization-details
  call "$prof" "$dir/iam/list-roles.json" "" -- iam list-roles

  # S3 is global: list-buckets is only a list of names, not part of the
  # layout.
  call "$prof" "$tmp/list-buckets.json" "" -- s3api list-buckets
  local bucket
  local -a buckets
  list buckets "$tmp/list-buckets.json" 'Buckets[].Name'
  for bucket in "${buckets[@]}"; do
    check_name "$bucket"
    call "$prof" "$dir/s3/$bucket/get-bucket-policy.json" \
      "NoSuchBucketPolicy" -- s3api get-bucket-policy --bucket "$bucket" || true
    call "$prof" "$dir/s3/$bucket/get-bucket-tagging.json" \
      "NoSuchTagSet" -- s3api get-bucket-tagging --bucket "$bucket" || true
  done

  local region_list=$regions
  if [[ -z $region_list ]]; then
    local -a conf=(configure get region)
    [[ -z $prof ]] || conf+=(--profile "$prof")
    region_list=$(aws "${conf[@]}" || true)
    [[ -n $region_list ]] ||
      die "no --regions given and the profile has no configured region"
  fi
  local region
  local -a region_array
  IFS=, read -r -a region_array <<<"$region_list"
  for region in "${region_array[@]}"; do
    [[ $region =~ ^[a-z0-9-]+$ ]] || die "unexpected region '$region'"
    collect_region "$prof" "$dir/$region" "$region"
  done
}

collect_region() {
  local prof=$1 dir=$2 region=$3
  local -a r=(--region "$region")

  local sm="$dir/secretsmanager"
  call "$prof" "$sm/list-secrets.json" "" -- secretsmanager list-secrets "${r[@]}"
  local arn n=0
  local -a arns
  list arns "$sm/list-secrets.json" 'SecretList[].ARN'
  for arn in "${arns[@]}"; do
    n=$((n + 1))
    call "$prof" "$sm/get-resource-policy/$(printf '%04d' "$n").json" "" -- \
      secretsmanager get-resource-policy --secret-id "$arn" "${r[@]}"
  done

  local kms="$dir/kms" key
  call "$prof" "$kms/list-keys.json" "" -- kms list-keys "${r[@]}"
  call "$prof" "$kms/list-aliases.json" "" -- kms list-aliases "${r[@]}"
  local -a keys
  list keys "$kms/list-keys.json" 'Keys[].KeyId'
  for key in "${keys[@]}"; do
    check_name "$key"
    call "$prof" "$kms/$key/describe-key.json" "" -- \
      kms describe-key --key-id "$key" "${r[@]}"
    call "$prof" "$kms/$key/get-key-policy.json" "" -- \
      kms get-key-policy --key-id "$key" --policy-name default "${r[@]}"
    call "$prof" "$kms/$key/list-resource-tags.json" "" -- \
      kms list-resource-tags --key-id "$key" "${r[@]}"
  done

  # list-queues and list-topics are lists of URLs / ARNs, not part of the
  # layout; each queue's and topic's attributes name it.
  local url
  call "$prof" "$tmp/list-queues.json" "" -- sqs list-queues "${r[@]}"
  local -a urls
  list urls "$tmp/list-queues.json" 'QueueUrls[]'
  for url in "${urls[@]}"; do
    check_name "${url##*/}"
    call "$prof" "$dir/sqs/${url##*/}/get-queue-attributes.json" \
      "AWS.SimpleQueueService.NonExistentQueue|QueueDoesNotExist" -- \
      sqs get-queue-attributes --queue-url "$url" \
      --attribute-names Policy QueueArn "${r[@]}" || true
  done

  call "$prof" "$tmp/list-topics.json" "" -- sns list-topics "${r[@]}"
  list arns "$tmp/list-topics.json" 'Topics[].TopicArn'
  for arn in "${arns[@]}"; do
    check_name "${arn##*:}"
    call "$prof" "$dir/sns/${arn##*:}/get-topic-attributes.json" \
      "NotFound" -- sns get-topic-attributes --topic-arn "$arn" "${r[@]}" ||
      true
  done
}

collect_org() {
  local prof=$org_profile
  local dir="$out/organizations"
  if ! call "$prof" "$tmp/describe-organization.json" \
    "AWSOrganizationsNotInUseException" -- organizations describe-organization; then
    printf 'collect-aws.sh: the account is in no organization; no %s\n' \
      "$dir" >&2
    return 0
  fi
  rm -rf -- "$dir"
  mkdir -p -- "$dir"
  printf 'collect-aws.sh: organization into %s\n' "$dir" >&2
  mv -- "$tmp/describe-organization.json" "$dir/describe-organization.json"
  call "$prof" "$dir/list-roots.json" "" -- organizations list-roots

  # The tree, breadth first from the root.
  local -a parents children
  list parents "$dir/list-roots.json" 'Roots[].Id'
  local i=0 parent
  while ((i < ${#parents[@]})); do
    parent=${parents[i]}
    i=$((i + 1))
    check_name "$parent"
    call "$prof" "$dir/list-organizational-units-for-parent/$parent.json" "" -- \
      organizations list-organizational-units-for-parent --parent-id "$parent"
    call "$prof" "$dir/list-accounts-for-parent/$parent.json" "" -- \
      organizations list-accounts-for-parent --parent-id "$parent"
    list children "$dir/list-organizational-units-for-parent/$parent.json" \
      'OrganizationalUnits[].Id'
    parents+=("${children[@]}")
  done

  # The policies of each type the root has enabled.
  local type policy
  local -a types policies
  python3 - "$dir/list-roots.json" >"$tmp/types" <<'PY'
import json, sys
for root in json.load(open(sys.argv[1], encoding="utf-8"))["Roots"]:
    for t in root.get("PolicyTypes") or []:
        if t.get("Status") == "ENABLED" and t.get("Type") in (
                "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
            print(t["Type"])
PY
  mapfile -t types <"$tmp/types"
  for type in "${types[@]}"; do
    call "$prof" "$dir/list-policies/$type.json" "" -- \
      organizations list-policies --filter "$type"
    list policies "$dir/list-policies/$type.json" 'Policies[].Id'
    for policy in "${policies[@]}"; do
      check_name "$policy"
      call "$prof" "$dir/describe-policy/$policy.json" "" -- \
        organizations describe-policy --policy-id "$policy"
      call "$prof" "$dir/list-targets-for-policy/$policy.json" "" -- \
        organizations list-targets-for-policy --policy-id "$policy"
    done
  done
}

mkdir -p -- "$out"
collect_account
((no_org)) || collect_org
printf 'collect-aws.sh: done; next: iameval import aws %s -o world.json\n' \
  "$out" >&2
