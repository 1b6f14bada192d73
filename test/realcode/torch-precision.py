#!/usr/bin/env python3
"""Every finding of the libtorch-facing method checks on the torch set, for
reading, and the share of units that parse.

The set: the C++/CUDA sources of libtorch extensions and applications,
compiled against Debian's libtorch 1.13 (and pybind11, Python) with a
synthesized command per file: mmcv's ops (pytorch/, pytorch/cpu, pytorch/cuda),
pytorch3d's csrc, pytorch_cluster's csrc, detectron2's layers/csrc, k2's
csrc and python/csrc, sherpa's csrc and cpp_api, pytorch/examples' cpp.
Projects absent under --root are skipped. Prints each unique finding, then
per project: units, units that parse, findings.

  torch-precision.py [--root /work/realcode] [--driver build/bin/sysopt-tidy] [-j 2]
                     [--checks sysopt-host-tensor-to-device,sysopt-flush-in-loop]
                     [--projects pytorch3d,mmcv] [--scan OUTDIR]

--scan runs sysopt-scan over each project's units as one repository (a
compile database of the synthesized commands), so that paths across files
count (an operator bound in ext.cpp, a loop in another file); the reports
are kept as OUTDIR/<project>.json for loops-recall.py --report, and the
findings a path across files gave are marked.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_shim import torch_cuda_shim  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# project: (source globs, include dirs relative to the project, defines)
SET = {
    "mmcv": (["mmcv/ops/csrc/pytorch/*.cpp", "mmcv/ops/csrc/pytorch/cpu/*.cpp",
              "mmcv/ops/csrc/pytorch/cuda/*.cu", "mmcv/ops/csrc/pytorch/cuda/*.cpp"],
             ["mmcv/ops/csrc/common", "mmcv/ops/csrc/common/cuda"], ["MMCV_WITH_CUDA"]),
    "pytorch3d": (["pytorch3d/csrc/**/*.cpp", "pytorch3d/csrc/**/*.cu"], ["pytorch3d/csrc"],
                  ["WITH_CUDA"]),
    "pytorch_cluster": (["csrc/*.cpp", "csrc/cpu/*.cpp", "csrc/cuda/*.cu"], ["csrc"], ["WITH_CUDA"]),
    "detectron2": (["detectron2/layers/csrc/**/*.cpp", "detectron2/layers/csrc/**/*.cu"],
                   ["detectron2/layers/csrc"], ["WITH_CUDA"]),
    "k2": (["k2/csrc/*.cu", "k2/csrc/*.cc", "k2/python/csrc/torch/*.cu", "k2/python/csrc/torch/*.cc"],
           ["", "k2/python/csrc"], ["K2_WITH_CUDA"]),
    "sherpa": (["sherpa/csrc/*.cc", "sherpa/cpp_api/*.cc", "sherpa/cpp_api/**/*.cc"], [""], []),
    "examples": (["cpp/**/*.cpp"], [], []),
}
SHIM = torch_cuda_shim()


TORCH = ["-isystem", "/usr/include/torch/csrc/api/include", "-isystem", "/usr/include/python3.11",
         "-isystem", SHIM]
FINDING = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*)\[(sysopt-[a-z-]+)\]$")


def units(root):
    out = []
    for project, (globs, incs, defs) in SET.items():
        base = os.path.join(root, project)
        if not os.path.isdir(base):
            continue
        files = set()
        for g in globs:
            files.update(glob.glob(os.path.join(base, g), recursive=True))
        files = sorted(f for f in files if "/test" not in f[len(base):])
        flags = ["-std=c++17"] + TORCH + ["-I" + os.path.join(base, i) for i in incs] + \
                ["-D" + d for d in defs]
        for f in files:
            if f.endswith(".cu"):
                cmd = ["/usr/local/cuda/bin/nvcc", "-x", "cu"] + flags + ["-c", f]
            else:
                cmd = ["c++", "-I/usr/local/cuda/include"] + flags + ["-c", f]
            out.append((project, base, f, cmd))
    return out


def run(driver, checks, unit):
    project, base, f, cmd = unit
    tmp = tempfile.mkdtemp(prefix="torch-prec-")
    with open(os.path.join(tmp, "compile_commands.json"), "w") as db:
        json.dump([{"directory": base, "file": f, "arguments": cmd}], db)
    r = subprocess.run([driver, "-p", tmp, "--checks=-*," + checks, f],
                       capture_output=True, text=True, timeout=900)
    parsed = "error:" not in r.stdout and "error:" not in r.stderr
    found = [m.groups() for m in map(FINDING.match, r.stdout.splitlines()) if m]
    return project, parsed, found


def scan(args, todo):
    """Each project through sysopt-scan, with its paths across files."""
    os.makedirs(args.scan, exist_ok=True)
    scanner = os.path.join(REPO, "tools", "sysopt-scan", "sysopt-scan")
    projects = {}
    for u in todo:
        projects.setdefault(u[0], []).append(u)
    totals = [0, 0, 0, 0]
    for project, us in sorted(projects.items()):
        tmp = tempfile.mkdtemp(prefix="torch-scan-")
        with open(os.path.join(tmp, "compile_commands.json"), "w") as db:
            json.dump([{"directory": base, "file": f, "arguments": cmd}
                       for _, base, f, cmd in us], db)
        out = os.path.join(args.scan, project + ".json")
        subprocess.run([scanner, "-p", tmp, "-j", str(args.j), "--driver", args.driver,
                        "--checks=-*," + args.checks, "--format", "json", "-o", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", tmp])
        with open(out) as f:
            report = json.load(f)
        across = 0
        for f in report["findings"]:
            crossed = any("seen across files" in n["message"] for n in f["notes"])
            across += crossed
            print("%s:%d:%d: %s [%s]%s" % (os.path.relpath(f["file"], args.root), f["line"],
                                          f["column"], f["message"], f["check"],
                                          " (across files)" if crossed else ""))
        cov = report["coverage"]
        row = [cov["translation_units"], cov["full"], len(report["findings"]), across]
        totals = [a + b for a, b in zip(totals, row)]
        print("# %-16s units %4d  parse %4d  findings %3d  across files %3d" % (project, *row))
    print("# %-16s units %4d  parse %4d  findings %3d  across files %3d" % ("all", *totals))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/work/realcode")
    ap.add_argument("--driver", default=os.path.join(REPO, "build", "bin", "sysopt-tidy"))
    ap.add_argument("--checks", default="sysopt-host-tensor-to-device,sysopt-flush-in-loop")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--projects", default="", help="comma-separated subset of the set")
    ap.add_argument("--scan", metavar="OUTDIR", help="whole projects through sysopt-scan")
    args = ap.parse_args()
    todo = units(args.root)
    if args.projects:
        todo = [u for u in todo if u[0] in args.projects.split(",")]
    if not todo:
        print("no project of the torch set under %s: skipped" % args.root)
        return 0
    if args.scan:
        return scan(args, todo)
    stats, seen = {}, set()
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        for project, parsed, found in pool.map(lambda u: run(args.driver, args.checks, u), todo):
            s = stats.setdefault(project, [0, 0, 0])
            s[0] += 1
            s[1] += parsed
            for path, line, col, msg, check in found:
                if (path, line, check) in seen:
                    continue
                seen.add((path, line, check))
                s[2] += 1
                print("%s:%s:%s: %s[%s]" % (os.path.relpath(path, args.root), line, col, msg, check))
    for project, (n, ok, f) in sorted(stats.items()):
        print("# %-16s units %4d  parse %4d  findings %3d" % (project, n, ok, f))
    total = [sum(s[i] for s in stats.values()) for i in range(3)]
    print("# %-16s units %4d  parse %4d  findings %3d" % ("all", *total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
