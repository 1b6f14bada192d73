#!/usr/bin/env python3
"""Parse rate of sysopt's CUDA host analysis on real projects.

For each project below whose nvcc compile database exists (CMake configured
with the CUDA toolkit's nvcc: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
-DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc), runs sysopt-scan over the
database's .cu entries and counts translation units that parse with no
error, with errors only inside device functions (the host analysis is
whole), with errors in host code (those functions skipped), and failed.
Projects whose database is absent are skipped with a note.

  cuda-parse-rate.py [--root /work/realcode] [--driver build/bin/sysopt-tidy]
                     [--no-cuda-prelude] [--stock] [--only NAME] [-j 2]

--stock runs clang-tidy-22 without the sysopt module: the figure before
nvcc commands were translated.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# name, source checkout, build directory (relative to --root), commit.
PROJECTS = [
    ("cuda-samples", "cuda-samples", "cuda-samples-build",
     "c94ff366aed18c797b8a85dfaac7817b0228b420"),
    ("llama.cpp ggml-cuda (ik_llama.cpp fork)", "ik_llama.cpp", "ik_llama.cpp-build",
     "8337e4cd3861406fc04e0854b1409cd1b027fbc9"),
    ("xgboost", "xgboost", "xgboost-build", "379b29f0836b9dbc313b993d8e5743bd452d4117"),
    ("faiss", "faiss", "faiss-build", "02dbb4e42f49aa2ce57cd78977b0e47a11f7cb91"),
    ("tiny-cuda-nn", "tiny-cuda-nn", "tiny-cuda-nn-build",
     "6ee3546bda615f51abe684ce9edefeb414689135"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/work/realcode")
    ap.add_argument("--driver", default=os.path.join(REPO, "build", "bin", "sysopt-tidy"))
    ap.add_argument("--no-cuda-prelude", action="store_true")
    ap.add_argument("--stock", action="store_true")
    ap.add_argument("--only")
    ap.add_argument("-j", default="2")
    args = ap.parse_args()
    scan = os.path.join(REPO, "tools", "sysopt-scan", "sysopt-scan")
    ran = 0
    for name, src, build, commit in PROJECTS:
        if args.only and args.only not in name:
            continue
        db = os.path.join(args.root, build, "compile_commands.json")
        if not os.path.exists(db):
            print("%-42s skipped: no %s" % (name, db))
            continue
        with open(db) as f:
            entries = json.load(f)
        cu = sorted({os.path.normpath(os.path.join(e["directory"], e["file"]))
                     for e in entries if e["file"].endswith(".cu")})
        with tempfile.NamedTemporaryFile("w", suffix=".json") as out:
            cmd = [scan, "-p", os.path.dirname(db), "-j", args.j, "--format", "json",
                   "-o", out.name, "--exclude", r"\.(cpp|cc|c)$"]
            if args.stock:
                cmd += ["--driver", "clang-tidy-22", "--checks=-*,performance-*"]
            else:
                cmd += ["--driver", args.driver]
            if args.no_cuda_prelude:
                cmd.append("--no-cuda-prelude")
            subprocess.run(cmd + cu, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out.name) as f:
                report = json.load(f)
        units = report["coverage"]["units"]
        full = sum(u["status"] == "full" for u in units)
        device = sum(u["status"] == "partial" and u.get("device_only_errors") == u["errors"]
                     for u in units)
        host = sum(u["status"] == "partial" for u in units) - device
        failed = sum(u["status"] == "failed" for u in units)
        n = len(units)
        rate = 100.0 * (full + device) / n if n else 0.0
        print("%-42s %s  %3d .cu: %3d clean, %3d device-only errors, %3d host errors, "
              "%3d failed: %.0f%%" % (name, commit[:8], n, full, device, host, failed, rate))
        first = {}
        for u in units:
            if u["status"] != "full" and not (u["status"] == "partial" and
                                              u.get("device_only_errors") == u["errors"]):
                msg = (u.get("first_error") or "").split(": ", 1)[-1]
                first.setdefault(msg, []).append(os.path.relpath(u["file"], args.root))
        for msg, files in sorted(first.items(), key=lambda kv: -len(kv[1]))[:8]:
            print("    %3d x %s  (e.g. %s)" % (len(files), msg[:110], files[0]))
        ran += 1
    if not ran:
        print("no project database found under %s: nothing measured" % args.root)


if __name__ == "__main__":
    sys.exit(main())
