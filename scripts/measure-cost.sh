#!/usr/bin/env bash
# Measures what the sysopt checks cost on heavy translation units, next to a
# plain parse of the same file. Prints, per file: the parse time
# (clang++-22 -fsyntax-only, median of N runs, CPU user+sys), whole-process
# CPU time of sysopt-tidy with sysopt-*, and the sysopt checks' time from
# --enable-check-profile (median), also as a share of the parse.
# Usage: scripts/measure-cost.sh [runs] [file...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
driver="${SYSOPT_DRIVER:-$root/build/bin/sysopt-tidy}"
runs="${1:-3}"; shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$root/examples/libtorch_preprocess/preprocess.cpp"
         "$root/examples/cuda_transfers/transfers.cu"
         "$root/examples/inference_server/request_path.cpp")
fi
flags_for() { local f="$1" d; d="$(dirname "$f")"
  if [ -f "$d/compile_flags.txt" ]; then tr '\n' ' ' < "$d/compile_flags.txt"; else echo -std=c++17; fi; }
cpu() { # CPU seconds (user+sys) of a command
  /usr/bin/env TIMEFORMAT='%U %S' bash -c "time ($* > /dev/null 2>&1)" 2>&1 | awk '{printf "%.3f\n", $1+$2}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
printf '%-28s %9s %11s %11s %8s\n' file parse tidy-sysopt check-prof share
for f in "${files[@]}"; do
  flags="$(flags_for "$f")"
  parse=$(for i in $(seq "$runs"); do cpu clang++-22 -fsyntax-only $flags "$f"; done | median)
  full=$(for i in $(seq "$runs"); do cpu "$driver" --checks=-*,sysopt-* "$f" -- $flags; done | median)
  prof=$(for i in $(seq "$runs"); do
    "$driver" --checks=-*,sysopt-* --enable-check-profile --store-check-profile="$tmp/p$i" "$f" -- $flags > /dev/null 2>&1 || true
    python3 - "$tmp/p$i" <<'PY'
import json, glob, sys
total = 0.0
for p in glob.glob(sys.argv[1] + "/*.json"):
    d = json.load(open(p))
    for k, v in d.get("profile", {}).items():
        if "sysopt-" in k and k.endswith(".wall"):
            total += v
print("%.4f" % total)
PY
  done | median)
  share=$(awk -v p="$prof" -v b="$parse" 'BEGIN { printf "%.2f%%", 100 * p / b }')
  printf '%-28s %9s %11s %11s %8s\n' "$(basename "$f")" "$parse" "$full" "$prof" "$share"
done
