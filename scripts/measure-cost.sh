#!/usr/bin/env bash
# What the sysopt checks cost next to a plain parse, per file:
#   clang++-22 -fsyntax-only                   (the parse)
#   clang-tidy-22, one trivial check           (clang-tidy's own baseline)
#   clang-tidy-22, performance-*               (for comparison)
#   clang-tidy-22 --load plugin, sysopt-*      (the plugin)
#   sysopt-tidy, sysopt-*                      (the driver)
# Each N times with /usr/bin/time: median wall and CPU (user+sys) seconds,
# peak memory, CPU ratio to the parse; then the per-check profile
# (--enable-check-profile, median), as a share of the parse's CPU time.
# Usage: scripts/measure-cost.sh [runs] [file...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
driver="${SYSOPT_DRIVER:-$root/build/bin/sysopt-tidy}"
plugin="${SYSOPT_PLUGIN:-$root/build/lib/SysoptTidyPlugin.so}"
tidy="${CLANG_TIDY:-$(command -v clang-tidy-22 || echo /usr/lib/llvm-22/bin/clang-tidy)}"
clangxx="${CLANGXX:-$(command -v clang++-22 || echo /usr/lib/llvm-22/bin/clang++)}"
runs="${1:-3}"; shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$root/examples/libtorch_preprocess/preprocess.cpp"
         "$root/examples/training_step/train_step.cu"
         "$root/examples/cuda_transfers/transfers.cu"
         "$root/examples/inference_server/request_path.cpp")
fi
flags_for() { local f="$1" d; d="$(dirname "$f")"
  if [ -f "$d/compile_flags.txt" ]; then tr '\n' ' ' < "$d/compile_flags.txt"; else echo -std=c++17; fi; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label command... -> one table row; sets $cpu_of_last
  local label="$1"; shift
  : > "$tmp/t"
  for i in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -a -o "$tmp/t" "$@" > /dev/null 2>&1 || true
  done
  local wall cpu peak
  wall=$(awk '{print $1}' "$tmp/t" | median)
  cpu=$(awk '{printf "%.3f\n", $2 + $3}' "$tmp/t" | median)
  peak=$(awk '{printf "%.0f\n", $4 / 1024}' "$tmp/t" | median)
  cpu_of_last="$cpu"
  printf '  %-34s %8s %8s %8s' "$label" "$wall" "$cpu" "$peak"
}
for f in "${files[@]}"; do
  flags="$(flags_for "$f")"
  echo "$(basename "$f") ($runs runs each; medians)"
  printf '  %-34s %8s %8s %8s %s\n' configuration wall-s cpu-s peak-MB cpu/parse
  measure "clang++-22 -fsyntax-only" "$clangxx" -fsyntax-only $flags "$f"
  parse="$cpu_of_last"; echo "    1.000"
  row() { measure "$@"; awk -v a="$cpu_of_last" -v b="$parse" 'BEGIN {printf "    %.3f\n", a / b}'; }
  row "clang-tidy-22, one trivial check" "$tidy" --checks=-*,readability-else-after-return "$f" -- $flags
  row "clang-tidy-22, performance-*" "$tidy" --checks=-*,performance-* "$f" -- $flags
  row "clang-tidy-22 --load, sysopt-*" "$tidy" --load="$plugin" --checks=-*,sysopt-* "$f" -- $flags
  row "sysopt-tidy, sysopt-*" "$driver" --checks=-*,sysopt-* "$f" -- $flags
  for i in $(seq "$runs"); do
    "$driver" --checks=-*,sysopt-* --enable-check-profile \
      --store-check-profile="$tmp/p$i" "$f" -- $flags > /dev/null 2>&1 || true
  done
  python3 - "$tmp" "$runs" "$parse" <<'PY'
import json, glob, statistics, sys
tmp, runs, parse = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
per_check = {}
for i in range(1, runs + 1):
    totals = {}
    for p in glob.glob("%s/p%d/*.json" % (tmp, i)):
        for k, v in json.load(open(p)).get("profile", {}).items():
            if "sysopt-" in k and k.endswith(".wall"):
                name = k.split("sysopt-", 1)[1].rsplit(".", 1)[0]
                totals[name] = totals.get(name, 0.0) + v
    for name, v in totals.items():
        per_check.setdefault(name, []).append(v)
total = 0.0
print("  per-check profile (median wall):")
for name in sorted(per_check):
    m = statistics.median(per_check[name])
    total += m
    print("    sysopt-%-30s %8.2f ms %7.2f%% of the parse" % (name, m * 1000, 100 * m / parse))
print("    %-37s %8.2f ms %7.2f%% of the parse" % ("all sysopt checks", total * 1000, 100 * total / parse))
PY
  rm -rf "$tmp"/p*
done
