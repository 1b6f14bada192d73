#!/usr/bin/env python3
"""Checks that sysopt-clangd reports every sysopt finding at the position
and with the check name that sysopt-tidy reports for the same file.

clangd moves a diagnostic to the range of a fix-it that contains its
location, unless the diagnostic carries a range of its own; this catches a
check that forgets one. Each input is compiled with the stub headers (CUDA
host mode for .cu) through a compile_commands.json in a scratch directory.

Usage: compare_clangd_positions.py --tidy BIN --clangd BIN --stubs DIR
                                   --work DIR FILE...
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CUDA = ["-x", "cuda", "--cuda-host-only", "-nocudainc", "-nocudalib",
        "--cuda-gpu-arch=sm_80", "-Wno-unknown-cuda-version"]


def compare(args, index, path):
    work = os.path.join(args.work, str(index))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    copy = os.path.join(work, os.path.basename(path))
    shutil.copy(path, copy)
    flags = ["clang++", "-std=c++17"] + (CUDA if path.endswith(".cu") else [])
    flags += ["-isystem", args.stubs, "-c", copy]
    # The check tests' own headers (`-I %S/Inputs`).
    inputs = os.path.join(os.path.dirname(os.path.abspath(path)), "Inputs")
    if os.path.isdir(inputs):
        flags[1:1] = ["-I", inputs]
    with open(os.path.join(work, "compile_commands.json"), "w") as f:
        json.dump([{"directory": work, "file": copy, "arguments": flags}], f)
    tidy_out = subprocess.run([args.tidy, "-p", work, copy],
                              capture_output=True, text=True).stdout
    # clangd reports in the main file only.
    tidy = set(re.findall(r"^" + re.escape(copy) +
                          r":(\d+):(\d+): warning: .*\[(sysopt-[a-z-]+)\]$",
                          tidy_out, re.M))
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "xdg"))
    lsp = subprocess.run(
        [sys.executable, os.path.join(HERE, "lsp_session.py"),
         "--server", args.clangd, "--server-arg=--background-index=0",
         "--file", copy], capture_output=True, text=True, env=env)
    clangd = set(re.findall(r"^diag (\d+):(\d+) (sysopt-[a-z-]+) ",
                            lsp.stdout, re.M))
    name = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
    if lsp.returncode != 0:
        return name, "lsp session failed: " + lsp.stdout + lsp.stderr[-2000:]
    if tidy != clangd:
        return name, "only sysopt-tidy: %s; only sysopt-clangd: %s" % (
            sorted(tidy - clangd), sorted(clangd - tidy))
    return name, "same %d findings" % len(tidy)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tidy", required=True)
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--stubs", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for name, result in pool.map(lambda p: compare(args, *p),
                                     enumerate(sorted(args.files))):
            if not result.startswith("same"):
                failed += 1
            print("%s: %s" % (name, result))
    print("%d file(s) differ" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
