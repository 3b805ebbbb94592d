#!/usr/bin/env bash
# Instructions per call of the function an evaluate_bench benchmark times,
# counted by callgrind: deterministic, unlike wall time on a shared machine,
# so two builds can be compared to the instruction (docs/benchmarks.md,
# "Before and after").
#
# usage: bench/ir_per_call.sh BINARY BENCHMARK_FILTER
#   BM_Engine_Evaluate_*, BM_Workload_Evaluate* : Engine::EvaluateChain,
#                          inclusive, per Engine::Evaluate call
#   BM_Authorize_*       : Authorize, inclusive, from its call in RunAuthorize
#   BM_Workload_Load/N   : World::Parse + Engine::Create of the workload's
#                          world (LoadEngine), per load
# e.g.   bench/ir_per_call.sh build-rel/evaluate_bench \
#          'BM_Engine_Evaluate_Hit/10000/real_time/threads:1$'
# Needs valgrind (apt-get install valgrind).
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 BINARY BENCHMARK_FILTER" >&2
  exit 2
fi
bin=$1
filter=$2
out=$(mktemp)
tree=$(mktemp)
trap 'rm -f "$out" "$tree"' EXIT

case "$filter" in
  *Engine_Evaluate*|*Workload_Evaluate*)
    valgrind --tool=callgrind --toggle-collect='iameval::Engine::EvaluateChain*' \
      --callgrind-out-file="$out" "$bin" --benchmark_filter="$filter" \
      --benchmark_min_time=0.05 >/dev/null 2>&1
    total=$(callgrind_annotate "$out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    callgrind_annotate --tree=caller --inclusive=yes "$out" >"$tree"
    calls=$(grep -m1 '< .*Engine::Evaluate(' "$tree" | sed -E 's/.*\(([0-9,]+)x\).*/\1/' | tr -d , || true)
    ;;
  *Workload_Load*)
    valgrind --tool=callgrind \
      --toggle-collect='iameval::(anonymous namespace)::LoadEngine*' \
      --callgrind-out-file="$out" "$bin" --benchmark_filter="$filter" \
      --benchmark_min_time=0.01 >/dev/null 2>&1
    total=$(callgrind_annotate "$out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    callgrind_annotate --tree=caller --inclusive=yes "$out" >"$tree"
    calls=$(grep -m1 '< .*BM_Workload_Load(' "$tree" | sed -E 's/.*\(([0-9,]+)x\).*/\1/' | tr -d , || true)
    ;;
  *Authorize*)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" \
      --benchmark_filter="$filter" --benchmark_min_time=0.02 >/dev/null 2>&1
    callgrind_annotate --tree=calling --inclusive=yes "$out" >"$tree"
    edge=$(grep -A40 '\*  .*RunAuthorize' "$tree" | grep -m1 '> .*iameval::Authorize(' || true)
    total=$(sed -E 's/^ *([0-9,]+).*/\1/' <<<"$edge" | tr -d ,)
    calls=$(sed -E 's/.*\(([0-9,]+)x\).*/\1/' <<<"$edge" | tr -d ,)
    ;;
  *)
    echo "$0: the filter must name a BM_Engine_Evaluate_*, BM_Workload_Evaluate*, BM_Workload_Load or BM_Authorize_* benchmark" >&2
    exit 2
    ;;
esac
if [[ -z "$total" || -z "$calls" || "$calls" -eq 0 ]]; then
  echo "$0: no calls recorded for '$filter' (does the filter match a benchmark?)" >&2
  exit 1
fi
echo "$((total / calls)) instructions per call ($calls calls)"
