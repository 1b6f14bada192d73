#!/usr/bin/env bash
# Regenerates examples/*/after/ by applying sysopt-tidy's own fix-its to the
# "before" sources. The examples test checks that the result stays identical.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
driver="${1:-$root/build/bin/sysopt-tidy}"
for dir in "$root"/examples/*/; do
  [ -f "$dir/compile_flags.txt" ] || continue # bench/ is not an example
  for src in "$dir"*.cpp "$dir"*.cu; do
    [ -e "$src" ] || continue
    mkdir -p "$dir/after"
    cp "$src" "$dir/after/"
    "$driver" --checks='-*,sysopt-*' --fix --quiet "$dir/after/$(basename "$src")" > /dev/null 2>&1 || true
  done
done
