#!/usr/bin/env bash
# Time to first diagnostics in the editor: opens a file over LSP in
# sysopt-clangd (sysopt-* on, no configuration), in sysopt-clangd with the
# sysopt checks removed by a user config (the same binary: separates the
# checks' cost from the build's), and in stock clangd-22 (its default checks),
# alternating, N runs each, and prints the medians and the ratio to stock. Background indexing is off in both so that only
# the file's own build is timed. The file's directory needs a
# compile_flags.txt or compile_commands.json, as in the editor.
# Usage: scripts/measure-clangd-latency.sh [runs] [file]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ours="${SYSOPT_CLANGD:-$root/build/bin/sysopt-clangd}"
stock="${STOCK_CLANGD:-$(command -v clangd-22 || echo /usr/lib/llvm-22/bin/clangd)}"
runs="${1:-5}"
file="${2:-$root/examples/libtorch_preprocess/preprocess.cpp}"
for bin in "$ours" "$stock"; do
  [ -x "$bin" ] || { echo "measure-clangd-latency: $bin not found" >&2; exit 2; }
done
# A private user config directory, so that the user's own clangd config
# does not change either side.
xdg="$(mktemp -d)"; trap 'rm -rf "$xdg"' EXIT
mkdir -p "$xdg/off/clangd"
printf 'Diagnostics:\n  ClangTidy:\n    Remove: [sysopt-*]\n' > "$xdg/off/clangd/config.yaml"
session() { # server [config home] -> "ms findings"
  XDG_CONFIG_HOME="${2:-$xdg}" python3 "$root/test/tools/lsp_session.py" --timing \
    --server "$1" --server-arg=--background-index=0 --file "$file" --timeout 300 |
    awk '/^first-diagnostics-ms/ {ms=$2} /^diag .* sysopt-/ {n++}
         END {printf "%d %d\n", ms, n}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$xdg/ours"; : > "$xdg/stock"; : > "$xdg/ours-off"
for i in $(seq "$runs"); do
  session "$ours" >> "$xdg/ours"
  session "$ours" "$xdg/off" >> "$xdg/ours-off"
  session "$stock" >> "$xdg/stock"
done
ours_ms=$(cut -d' ' -f1 "$xdg/ours" | median)
stock_ms=$(cut -d' ' -f1 "$xdg/stock" | median)
off_ms=$(cut -d' ' -f1 "$xdg/ours-off" | median)
findings=$(cut -d' ' -f2 "$xdg/ours" | median)
echo "file: $file"
echo "runs: $runs each, alternating; medians of time from didOpen to the first publishDiagnostics"
printf 'stock clangd-22 (default checks):            %6d ms   (all: %s)\n' "$stock_ms" "$(cut -d' ' -f1 "$xdg/stock" | tr '\n' ' ')"
printf 'sysopt-clangd, sysopt-* removed:            %6d ms   (all: %s)\n' "$off_ms" "$(cut -d' ' -f1 "$xdg/ours-off" | tr '\n' ' ')"
printf 'sysopt-clangd (default checks + sysopt-*):  %6d ms   (all: %s) %d sysopt findings\n' "$ours_ms" "$(cut -d' ' -f1 "$xdg/ours" | tr '\n' ' ')" "$findings"
awk -v a="$ours_ms" -v b="$stock_ms" -v c="$off_ms" 'BEGIN {
  printf "ratio to stock: %.3f (%+.1f%%); checks alone (on/off, same binary): %.3f (%+.1f%%)\n",
         a/b, (a/b-1)*100, a/c, (a/c-1)*100}'
