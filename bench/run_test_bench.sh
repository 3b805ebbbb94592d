#!/usr/bin/env bash
# Whole-process benchmark of `iameval test` (docs/benchmarks.md, "Whole
# process: iameval test"): builds a Release iameval, generates the
# deterministic 1,000-policy world and 100,000-request test file
# (bench/gen_big_world.py), then times 5 complete runs (parse, load, compile,
# evaluate, print) and reports the median wall time. Target: <= 2 s.
#
# usage: bench/run_test_bench.sh [BUILD_DIR]   (default: build-release)
# Environment: RUNS (default 5), REQUESTS (default 100000), FORMAT (text).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build-release}
RUNS=${RUNS:-5}
REQUESTS=${REQUESTS:-100000}
FORMAT=${FORMAT:-text}
DATA=${BUILD_DIR}/bench-data

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DIAMEVAL_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" --target iameval_cli >/dev/null
python3 bench/gen_big_world.py "$DATA" --requests "$REQUESTS"

BIN="$BUILD_DIR/iameval"
echo "binary: $BIN ($(${BIN} --version))"
echo "input:  $DATA/world.json ($(wc -c <"$DATA/world.json") bytes)," \
     "$DATA/big.test.json ($(wc -c <"$DATA/big.test.json") bytes, $REQUESTS requests)"
times=()
for i in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  status=0
  "$BIN" test "$DATA/big.test.json" --format "$FORMAT" >"$DATA/out.txt" || status=$?
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  times+=("$t")
  printf 'run %d: %.3f s (exit %d, %s)\n' "$i" "$t" "$status" "$(tail -n 1 "$DATA/out.txt" | cut -c1-60)"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
printf 'median of %d runs: %.3f s\n' "$RUNS" "$median"
/usr/bin/time -v "$BIN" test "$DATA/big.test.json" --format "$FORMAT" 2>"$DATA/time.txt" >/dev/null || true
grep -E "Maximum resident set size|Elapsed \(wall" "$DATA/time.txt" || true
