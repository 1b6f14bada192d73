#!/usr/bin/env python3
"""Every finding of the two loop checks on the precision set, for reading.

The set (docs/checks/*: "Measured on real code"): every unit of the
cuda-samples, xgboost and tiny-cuda-nn compile databases, 60 faiss and 70
ik_llama.cpp units drawn with seed 1, ik_llama.cpp's examples/server and
common, and FasterTransformer's src/fastertransformer .cc files (no th_op,
tf_op or triton_backend) with a synthesized database. The databases are the
ones cuda-parse-rate.py describes, under --root; absent projects are
skipped. Prints the unique findings; each one is then judged by reading it.

  loops-precision.py [--root /work/realcode] [--driver build/bin/sysopt-tidy] [-j 2]
                     [--checks sysopt-sync-in-loop]

--checks measures other checks on the same set (the method checks).
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CHECKS = "-*,sysopt-hoistable-computation,sysopt-unbatched-kernel-launch"
SAMPLE = [("cuda-samples-build", None), ("xgboost-build", None), ("faiss-build", 60),
          ("ik_llama.cpp-build", 70), ("tiny-cuda-nn-build", None)]


def units(root):
    random.seed(1)
    out = []
    for build, n in SAMPLE:
        db = os.path.join(root, build, "compile_commands.json")
        if not os.path.exists(db):
            continue
        entries = json.load(open(db))
        files = sorted({e["file"] if e["file"].startswith("/") else
                        os.path.join(e["directory"], e["file"]) for e in entries})
        files = [f for f in files if "/_deps/" not in f and "CMakeFiles" not in f]
        if n and len(files) > n:
            files = random.sample(files, n)
        files = [f for f in files if "__cmrc" not in f]
        if build.startswith("ik_llama"):
            files += sorted({e["file"] for e in entries if ("/examples/server/" in e["file"] or
                             "/common/" in e["file"]) and e["file"] not in files})
        out += [(os.path.join(root, build), f) for f in files]
    ft = os.path.join(root, "FasterTransformer")
    if os.path.isdir(ft):
        # 3rdparty/cutlass is FasterTransformer's submodule (cc85b64c), checked
        # out from a fetched NVIDIA/cutlass when present.
        inc = ["-I" + ft, "-I" + ft + "/src", "-I/usr/local/cuda/include", "-I" + ft + "/3rdparty",
               "-I" + ft + "/3rdparty/cutlass/include",
               "-I" + ft + "/3rdparty/cutlass/tools/util/include"]
        entries = []
        for d, _, names in sorted(os.walk(os.path.join(ft, "src/fastertransformer"))):
            if any(x in d for x in ("/th_op", "/tf_op", "/triton_backend")):
                continue
            for name in sorted(names):
                if name.endswith(".cc"):
                    f = os.path.join(d, name)
                    entries.append({"directory": ft, "file": f, "arguments":
                                    ["c++", "-std=c++17", "-DENABLE_BF16", "-DENABLE_FP8"] + inc + ["-c", f]})
        dbdir = os.path.join(root, "FasterTransformer-db")
        os.makedirs(dbdir, exist_ok=True)
        json.dump(entries, open(os.path.join(dbdir, "compile_commands.json"), "w"))
        out += [(dbdir, e["file"]) for e in entries]
    return out


def run(driver, unit, checks=CHECKS):
    db, f = unit
    r = subprocess.run([driver, "--checks=" + checks, "-p", db, f], capture_output=True, text=True)
    return [l for l in r.stdout.splitlines() if re.search(r"warning: .*\[sysopt-[a-z-]+\]$", l)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/work/realcode")
    ap.add_argument("--driver", default=os.path.join(REPO, "build", "bin", "sysopt-tidy"))
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--checks", help="comma-separated sysopt checks (default: the two loop checks)")
    args = ap.parse_args()
    checks = "-*," + args.checks if args.checks else CHECKS
    todo = units(args.root)
    if not todo:
        print("no project of the set is present under %s: nothing measured" % args.root)
        return 0
    found = set()
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        for done, lines in enumerate(pool.map(lambda u: run(args.driver, u, checks), todo), 1):
            found.update(lines)
            # Progress on stderr, so that a long run can be followed.
            print("[%d/%d] %d findings" % (done, len(todo), len(found)), file=sys.stderr,
                  flush=True)
    for line in sorted(found):
        print(line)
    print("%d units, %d findings to read" % (len(todo), len(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
