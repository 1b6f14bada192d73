#!/usr/bin/env bash
# Scale run: generates a synthetic repository (scripts/gen-synthetic-repo.py)
# and runs the stock run-clang-tidy-22 over it with the plugin, as a CI job
# would; prints total wall time, the peak memory of the largest clang-tidy
# process, and whether every file got exactly its expected findings.
# Usage: scripts/scale-run.sh [files=500] [jobs=2] [dir=a temporary one]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
files="${1:-500}"; jobs="${2:-2}"
dir="${3:-$(mktemp -d)}"
plugin="${SYSOPT_PLUGIN:-$root/build/lib/SysoptTidyPlugin.so}"
tidy="${CLANG_TIDY:-$(command -v clang-tidy-22 || echo /usr/lib/llvm-22/bin/clang-tidy)}"
runner="$(command -v run-clang-tidy-22 || echo /usr/lib/llvm-22/bin/run-clang-tidy)"
for f in "$plugin" "$tidy" "$runner"; do
  [ -e "$f" ] || { echo "scale-run: $f not found" >&2; exit 2; }
done
python3 "$root/scripts/gen-synthetic-repo.py" --files "$files" --out "$dir"
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$dir/peak_kb" \
  "$runner" -clang-tidy-binary "$tidy" -load "$plugin" -checks='-*,sysopt-*' \
  -j "$jobs" -p "$dir" -quiet "$dir/src/" > "$dir/output.txt" 2> "$dir/stderr.txt" || true
end=$(date +%s.%N)
python3 - "$dir" "$start" "$end" "$jobs" <<'PY'
import json, re, sys, collections
d, start, end, jobs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
expected = json.load(open(d + "/expected.json"))
got = collections.defaultdict(collections.Counter)
pattern = re.compile(r"^(/\S+?):\d+:\d+: warning: .*\[(sysopt-[a-z-]+)\]$")
for line in open(d + "/output.txt", errors="replace"):
    m = pattern.match(line.strip())
    if m:
        got[m.group(1)][m.group(2)] += 1
complete = sum(1 for f, c in expected.items() if dict(got.get(f, {})) == c)
missing = [f for f, c in expected.items() if dict(got.get(f, {})) != c]
peak = int(open(d + "/peak_kb").read().split()[-1]) / 1024
print("translation units: %d (run-clang-tidy-22 -j%s, plugin)" % (len(expected), jobs))
print("wall time: %.1f s" % (end - start))
print("peak memory of one clang-tidy process: %.0f MB" % peak)
print("findings: %d found, %d expected" % (
    sum(sum(c.values()) for c in got.values()),
    sum(sum(c.values()) for c in expected.values())))
print("files with exactly the expected findings: %d/%d" % (complete, len(expected)))
for f in missing[:10]:
    print("  differs: %s expected %s got %s" % (f, expected[f], dict(got.get(f, {}))))
sys.exit(0 if not missing else 1)
PY
