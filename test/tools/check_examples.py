#!/usr/bin/env python3
"""Checks the bundled examples end to end.

For every examples/<name>/<file>.{cpp,cu}:
  1. apply sysopt-tidy's fix-its to a copy of the "before" file and require
     the result to equal examples/<name>/after/<file> (the tree holds what
     the tool produces, nothing edited by hand);
  2. compile both versions (C++: build and run both and require the same
     output; CUDA: host-side syntax check with clang, and a full nvcc build
     when nvcc exists; libtorch: syntax check against the real headers);
  3. a second run on the fixed file proposes nothing, and the fixes of
     sysopt-* together with clang-tidy's performance-* compile.
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)


def flags_for(example_dir):
    path = os.path.join(example_dir, "compile_flags.txt")
    if not os.path.exists(path):
        return ["-std=c++17"]
    with open(path) as f:
        return [l.strip() for l in f if l.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--clangxx", required=True)
    ap.add_argument("--examples", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    failures = 0
    for name in sorted(os.listdir(args.examples)):
        ex = os.path.join(args.examples, name)
        # An example is a directory with its compile_flags.txt (bench/ is
        # the benchmark harness, not an example).
        if not os.path.isfile(os.path.join(ex, "compile_flags.txt")):
            continue
        flags = flags_for(ex)
        uses_cuda = any("cuda" in f for f in flags)
        uses_torch = any("torch" in f for f in flags)
        if uses_cuda and not os.path.exists("/usr/local/cuda/include/cuda_runtime.h"):
            print("SKIP %s: no CUDA toolkit in /usr/local/cuda" % name)
            continue
        if uses_torch and not os.path.exists("/usr/include/torch/csrc/api/include/torch/torch.h"):
            print("SKIP %s: libtorch-dev is not installed" % name)
            continue
        for src in sorted(os.listdir(ex)):
            if not src.endswith((".cpp", ".cu")):
                continue
            work = os.path.join(args.work, name)
            os.makedirs(work, exist_ok=True)
            shutil.copy(os.path.join(ex, "compile_flags.txt"), work) if os.path.exists(
                os.path.join(ex, "compile_flags.txt")) else None
            fixed = os.path.join(work, src)
            shutil.copy(os.path.join(ex, src), fixed)
            r = run([args.driver, "--checks=-*,sysopt-*", "--fix", "--quiet", fixed])
            with open(fixed) as f:
                got = f.read()
            with open(os.path.join(ex, "after", src)) as f:
                want = f.read()
            if got != want:
                failures += 1
                print("FAIL %s/%s: fixes differ from after/%s" % (name, src, src))
                sys.stdout.writelines(difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True), "after", "fixed"))
                continue
            if got == open(os.path.join(ex, src)).read():
                failures += 1
                print("FAIL %s/%s: the tool changed nothing" % (name, src))
                continue
            # A second run proposes nothing.
            again = os.path.join(work, "again-" + src)
            shutil.copy(fixed, again)
            run([args.driver, "--checks=-*,sysopt-*", "--fix", "--quiet", again])
            if open(again).read() != got:
                failures += 1
                print("FAIL %s/%s: a second run proposes fixes" % (name, src))
                continue
            # Together with the stock checks that edit the same declarations.
            both = os.path.join(work, "stock-" + src)
            shutil.copy(os.path.join(ex, src), both)
            run([args.driver, "--checks=-*,sysopt-*,performance-*", "--fix", "--quiet", both])
            r = run([args.clangxx, "-fsyntax-only", both] + flags)
            if r.returncode != 0:
                failures += 1
                print("FAIL %s/%s: the fixes with performance-* do not compile:\n%s" % (name, src, r.stdout))
                continue
            outputs = []
            for label, path in (("before", os.path.join(ex, src)), ("after", fixed)):
                if uses_cuda or uses_torch:
                    r = run([args.clangxx, "-fsyntax-only", path] + flags)
                    if r.returncode != 0:
                        failures += 1
                        print("FAIL %s/%s (%s) does not compile:\n%s" % (name, src, label, r.stdout))
                    continue
                exe = os.path.join(work, label + ".bin")
                r = run([args.clangxx, "-O2", path, "-o", exe] + flags)
                if r.returncode != 0:
                    failures += 1
                    print("FAIL %s/%s (%s) does not build:\n%s" % (name, src, label, r.stdout))
                    continue
                outputs.append(run([exe]).stdout)
            if len(outputs) == 2 and outputs[0] != outputs[1]:
                failures += 1
                print("FAIL %s/%s: before and after print different output:\n%s%s" % (
                    name, src, outputs[0], outputs[1]))
                continue
            nvcc = "/usr/local/cuda/bin/nvcc"
            if uses_cuda and os.path.exists(nvcc):
                for label, path in (("before", os.path.join(ex, src)), ("after", fixed)):
                    r = run([nvcc, "-std=c++17", "-c", path, "-o", os.path.join(work, label + ".o")])
                    if r.returncode != 0:
                        failures += 1
                        print("FAIL %s/%s (%s) does not build with nvcc:\n%s" % (name, src, label, r.stdout))
            print("PASS %s/%s%s" % (name, src, (": same output " + outputs[0].strip()) if outputs else ""))
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
