#!/usr/bin/env python3
"""Behaviour harness for sysopt's fix-its.

Each folder under behaviour/ is a small program split the way real code is:
hot.cpp holds the pattern a check reports, other.cpp the callee defined in
another translation unit (aliasing through globals, out-parameters, `this`,
setenv) and main(), shared.h what both include. For each case:
  1. build and run the program as it is;
  2. apply every sysopt check's fixes to hot.cpp (and the headers it
     includes, copied with it), on a copy;
  3. build (compile both files, link) and run it again: the output must be
     the same, byte for byte;
  4. a second run proposes nothing.
A case with an `expect-fixes` file must get at least that many edited files
(a control that the harness is not vacuous); `flags` adds compiler flags
(-fsanitize=undefined, trapping, for fixes that change arithmetic).
--checks runs other checks instead (the lit test shows that the harness
catches the stock performance-unnecessary-value-param's unsafe edit).
"""
import argparse
import os
import shutil
import subprocess
import sys


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300, **kw)


def build_and_run(args, work, flags, tag):
    exe = os.path.join(work, "prog-" + tag)
    objs = []
    for src in ("hot.cpp", "other.cpp"):
        obj = os.path.join(work, src + "." + tag + ".o")
        proc = run([args.clangxx, "-std=c++17", "-c", os.path.join(work, src), "-o", obj,
                    "-I", work, "-isystem", args.stubs] + flags)
        if proc.returncode != 0:
            return None, "%s does not compile:\n%s" % (src, proc.stdout)
        objs.append(obj)
    proc = run([args.clangxx] + objs + ["-o", exe] + flags)
    if proc.returncode != 0:
        return None, "does not link:\n" + proc.stdout
    proc = run([exe], env=dict(os.environ, UBSAN_OPTIONS="print_stacktrace=1"))
    if proc.returncode != 0:
        return None, "exits with %d:\n%s" % (proc.returncode, proc.stdout)
    return proc.stdout, None


def snapshot(work):
    out = {}
    for name in sorted(os.listdir(work)):
        if name.endswith((".cpp", ".h")):
            with open(os.path.join(work, name), encoding="utf-8") as f:
                out[name] = f.read()
    return out


def tidy(args, work, flags):
    return run([args.driver, os.path.join(work, "hot.cpp"), "--checks=" + args.checks, "--fix",
                "--quiet", "--", "-std=c++17", "-I", work, "-isystem", args.stubs] + flags)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--clangxx", required=True)
    ap.add_argument("--stubs", required=True, help="test/include")
    ap.add_argument("--cases", default=os.path.join(os.path.dirname(__file__), "behaviour"))
    ap.add_argument("--work", required=True)
    ap.add_argument("--checks", default="-*,sysopt-*")
    ap.add_argument("--only", default=None, help="run this case only")
    args = ap.parse_args()
    failed = passed = 0
    for case in sorted(os.listdir(args.cases)):
        src = os.path.join(args.cases, case)
        if not os.path.isdir(src) or (args.only and case != args.only):
            continue
        work = os.path.join(args.work, case)
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(src, work)
        flags = []
        if os.path.exists(os.path.join(src, "flags")):
            with open(os.path.join(src, "flags")) as f:
                flags = [l.strip() for l in f if l.strip()]
        expect = 0
        if os.path.exists(os.path.join(src, "expect-fixes")):
            with open(os.path.join(src, "expect-fixes")) as f:
                expect = int(f.read().strip())

        def fail(why):
            nonlocal failed
            failed += 1
            print("FAIL %s: %s" % (case, why))

        before, err = build_and_run(args, work, flags, "before")
        if err:
            fail("the original " + err)
            continue
        original = snapshot(work)
        proc = tidy(args, work, flags)
        if proc.returncode not in (0, 1) or "Stack dump" in proc.stdout:
            fail("sysopt-tidy exited with %d:\n%s" % (proc.returncode, proc.stdout))
            continue
        fixed = snapshot(work)
        edited = [n for n in fixed if fixed[n] != original.get(n)]
        if len(edited) < expect:
            fail("expected fixes in %d file(s), got %d:\n%s" % (expect, len(edited), proc.stdout))
            continue
        after, err = build_and_run(args, work, flags, "after")
        if err:
            fail("the fixed program " + err)
            continue
        if after != before:
            fail("output changed by the fixes\n--- before\n%s--- after\n%s" % (before, after))
            continue
        proc = tidy(args, work, flags)
        if snapshot(work) != fixed:
            fail("a second run proposes fixes:\n" + proc.stdout)
            continue
        passed += 1
        print("PASS %s: same output, %d file(s) fixed" % (case, len(edited)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
