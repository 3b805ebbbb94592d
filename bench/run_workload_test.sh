#!/usr/bin/env bash
# Whole-process cost per test of `iameval test` on the benchmark workload
# (bench/workload.h; docs/benchmarks.md, "Workload"). For each size, writes
# the world and test files with workload_gen (the 1,000 requests repeated
# REPEAT times, and a one-test file), then runs
#   iameval test requests.test.json   (all tests)
#   iameval test one.test.json        (one test: reading, loading and
#                                      compiling the world, the fixed cost)
# RUNS times each, interleaved, under /usr/bin/time, and reports the median
# user+system CPU time of each and
#   per test = (median all - median one) / (tests - 1).
# CPU time rather than wall time, because the machine is shared.
#
# usage: bench/run_workload_test.sh BUILD_DIR [SIZES...]
#   BUILD_DIR must hold Release builds of iameval and workload_gen
#   (cmake ... -DCMAKE_BUILD_TYPE=Release -DIAMEVAL_BUILD_BENCHMARKS=ON;
#    ninja -C BUILD_DIR iameval_cli workload_gen).
#   SIZES default: 1 100 1000 10000 100000 (identity statements).
# Environment: RUNS (default 5), REPEAT (default 20), WILDCARD (default 0),
# DATA (default BUILD_DIR/workload-data).
set -euo pipefail
BUILD_DIR=${1:?usage: bench/run_workload_test.sh BUILD_DIR [SIZES...]}
shift
SIZES=("$@")
if [ ${#SIZES[@]} -eq 0 ]; then SIZES=(1 100 1000 10000 100000); fi
RUNS=${RUNS:-5}
REPEAT=${REPEAT:-20}
WILDCARD=${WILDCARD:-0}
DATA=${DATA:-$BUILD_DIR/workload-data}
BIN="$BUILD_DIR/iameval"
GEN="$BUILD_DIR/workload_gen"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# CPU seconds (user + system) of one run; the exit status must be 0 (every
# expectation met).
cpu_of() {
  local out=$1; shift
  /usr/bin/time -f '%U %S %M' -o "$out.time" "$BIN" test "$@" >"$out" 2>"$out.err" || {
    echo "iameval test $* failed:" >&2; tail -n 3 "$out" >&2; cat "$out.err" >&2; exit 1; }
  awk '{printf "%.3f %d\n", $1 + $2, $3}' "$out.time"
}

echo "binary: $BIN ($("$BIN" --version)); runs $RUNS, repeat $REPEAT, wildcard $WILDCARD"
printf '%-10s %10s %8s %12s %12s %10s %12s\n' statements world_MB tests cpu_all_s cpu_one_s maxrss_MB us_per_test
for n in "${SIZES[@]}"; do
  dir="$DATA/$n"
  mkdir -p "$dir"
  "$GEN" --out "$dir" --statements "$n" --repeat "$REPEAT" --wildcard "$WILDCARD" >"$dir.gen.txt"
  tests=$(grep -c '"expect"' "$dir/requests.test.json")
  all=() one=() rss=0
  for i in $(seq "$RUNS"); do
    read -r t m < <(cpu_of "$dir/all.out" "$dir/requests.test.json")
    all+=("$t"); rss=$m
    read -r t m < <(cpu_of "$dir/one.out" "$dir/one.test.json")
    one+=("$t")
  done
  a=$(printf '%s\n' "${all[@]}" | median)
  o=$(printf '%s\n' "${one[@]}" | median)
  mb=$(awk -v b="$(wc -c <"$dir/world.json")" 'BEGIN {printf "%.2f", b / 1e6}')
  per=$(awk -v a="$a" -v o="$o" -v t="$tests" 'BEGIN {printf "%.1f", (a - o) / (t - 1) * 1e6}')
  printf '%-10s %10s %8s %12s %12s %10s %12s\n' "$n" "$mb" "$tests" "$a" "$o" \
    "$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')" "$per"
  echo "  all runs: ${all[*]}; one-test runs: ${one[*]}"
done
