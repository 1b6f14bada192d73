#!/usr/bin/env bash
# Times the CPU examples before and after sysopt-tidy's fix-its with Google
# Benchmark (build/bench/bench-<example>-{before,after}, built when
# libbenchmark-dev is installed) and prints the table of examples/README.md.
# The CUDA examples need a GPU: with nvidia-smi and a device they are built
# with nvcc and timed with /usr/bin/time; without one this says so and skips.
# Usage: scripts/bench-examples.sh [repetitions=5]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${SYSOPT_BUILD_DIR:-$root/build}/bench"
reps="${1:-5}"
if ! ls "$bench"/bench-*-before > /dev/null 2>&1; then
  echo "bench-examples: no benchmarks in $bench (install libbenchmark-dev and rebuild)" >&2
  exit 2
fi
out="$(mktemp)"; trap 'rm -f "$out"' EXIT
median_ms() { # benchmark binary -> median real time in ms
  # The examples' own output goes to /dev/null (bench_main.cpp), the
  # benchmark's report to a file.
  "$1" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
       --benchmark_out="$out" --benchmark_out_format=json > /dev/null 2>&1
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
runs=[b for b in d["benchmarks"] if b.get("aggregate_name")=="median"] or d["benchmarks"]
print("%.3f" % runs[0]["real_time"])' "$out"
}
printf '%-20s %12s %12s %8s\n' example before-ms after-ms speedup
for before in "$bench"/bench-*-before; do
  name="$(basename "$before")"; name="${name#bench-}"; name="${name%-before}"
  b=$(median_ms "$before"); a=$(median_ms "$bench/bench-$name-after")
  awk -v n="$name" -v b="$b" -v a="$a" 'BEGIN {printf "%-20s %12.3f %12.3f %7.2fx\n", n, b, a, b / a}'
done
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if command -v nvidia-smi > /dev/null 2>&1 && nvidia-smi -L > /dev/null 2>&1 && command -v nvcc > /dev/null 2>&1; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp" "$out"' EXIT
  for src in "$root"/examples/*/*.cu; do
    dir="$(dirname "$src")"; base="$(basename "$src" .cu)"
    nvcc -O2 -std=c++17 "$src" -lcublas -lnccl -o "$tmp/$base-before"
    nvcc -O2 -std=c++17 "$dir/after/$base.cu" -lcublas -lnccl -o "$tmp/$base-after"
    for v in before after; do
      /usr/bin/time -f "$base $v %e s" "$tmp/$base-$v" > /dev/null
    done
  done
else
  echo "CUDA examples: no GPU here (nvidia-smi finds no device); not timed"
fi
