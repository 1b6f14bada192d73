#!/usr/bin/env python3
"""Recall of the loop checks on test/realcode/loops.tsv.

loops.tsv was written by reading hot host paths of public repositories
before any tool ran on them (facts only: repository, commit, file, line of
the repeated operation, pattern A = invariant work, B = per-iteration GPU
operation). This runs sysopt-hoistable-computation and
sysopt-unbatched-kernel-launch on each listed file, with the repository's
nvcc compile database when there is one (see cuda-parse-rate.py) and an
nvcc/C++ default command otherwise, and counts an instance as found when a
finding of the pattern's check lies on its line. Repositories not present
under --root are skipped.

  loops-recall.py [--root /work/realcode] [--driver build/bin/sysopt-tidy]
                  [--list test/realcode/methods.tsv] [--report scan.json ...]

With --report, the findings come from sysopt-scan JSON reports of whole
repositories instead (`sysopt-scan -p BUILD --format json -o scan.json`),
which see the paths that cross files; only the listed rows of repositories
a report covers are counted.

methods.tsv (the method checks' blind list) names its patterns by word:
sync, alloc, pageable, tensor, flush; rows whose check does not exist yet
are counted apart. copies.tsv (the copy checks' blind list, pattern `copy`,
its `form` column says which copy form) counts a row as found when
sysopt-redundant-copy or sysopt-missing-cow reports on its line:

  loops-recall.py --list test/realcode/copies.tsv
"""
import argparse
import collections
import csv
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
CHECK = {"A": "sysopt-hoistable-computation", "B": "sysopt-unbatched-kernel-launch",
         "sync": "sysopt-sync-in-loop", "alloc": "sysopt-alloc-in-loop",
         "pageable": "sysopt-pageable-async-copy", "tensor": "sysopt-host-tensor-to-device",
         "flush": "sysopt-flush-in-loop",
         # copies.tsv: either copy check may report a copy (one finding per copy).
         "copy": ("sysopt-redundant-copy", "sysopt-missing-cow")}
BUILD = {"cuda-samples": "cuda-samples-build", "ik_llama.cpp": "ik_llama.cpp-build",
         "FasterTransformer": "FasterTransformer-db",
         "xgboost": "xgboost-build", "faiss": "faiss-build", "tiny-cuda-nn": "tiny-cuda-nn-build",
         "MNN": "MNN/build"}
SHIM = torch_cuda_shim()


def checks_of(pattern):
    """The checks whose finding on a row's line counts for it."""
    c = CHECK[pattern]
    return c if isinstance(c, tuple) else (c,)


# Include roots of the libtorch extensions (their setup.py passes them).
EXTRA_INCLUDES = {"pytorch3d": ["pytorch3d/csrc"], "k2": ["k2/python/csrc"],
                  "mmcv": ["mmcv/ops/csrc/common", "mmcv/ops/csrc/common/cuda"]}
FINDING = re.compile(r"^(.*?):(\d+):\d+: warning: .*\[(sysopt-[a-z-]+)\]$")


def database_for(root, repo, path):
    """A build directory whose database lists `path`, else one written here."""
    build = BUILD.get(repo)
    if build:
        db = os.path.join(root, build, "compile_commands.json")
        if os.path.exists(db):
            with open(db) as f:
                if any(os.path.normpath(os.path.join(e["directory"], e["file"])) == path
                       for e in json.load(f)):
                    return os.path.dirname(db), None
    tmp = tempfile.mkdtemp(prefix="loops-recall-")
    src = os.path.join(root, repo)
    includes = ["-I" + os.path.join(src, d) for d in ("", "include", "src", "3rdparty", "src/3rd_party", "ggml/include", "ggml/src")]
    includes += ["-I" + os.path.join(src, d) for d in EXTRA_INCLUDES.get(repo, [])]
    includes += ["-DWITH_CUDA"]  # extensions' CUDA paths (pytorch3d, pytorch_cluster)
    if path.endswith((".cu", ".cuh")):
        cmd = ["/usr/local/cuda/bin/nvcc", "-std=c++17", "-x", "cu", "-isystem",
               "/usr/include/torch/csrc/api/include", "-isystem", "/usr/include/python3.11",
               "-isystem", SHIM] + includes + ["-c", path]
    else:
        # libtorch (Debian's) for the libtorch applications of the lists.
        cmd = ["c++", "-std=c++17", "-I/usr/local/cuda/include", "-I/usr/local/cuda/include/cccl",
               "-isystem", "/usr/include/torch/csrc/api/include", "-isystem", SHIM] + includes + ["-c", path]
    with open(os.path.join(tmp, "compile_commands.json"), "w") as f:
        json.dump([{"directory": os.path.dirname(path), "file": path, "arguments": cmd}], f)
    return tmp, tmp


# The work a finding points at, and the call that copies into a by-value
# parameter (an auditor may list the call or the parameter).
NOTE = re.compile(r"^(.*?):(\d+):\d+: note: (the operation: |.* copies it here|copied here)")


def findings_on(out, path):
    """(line, check) of each finding in `path`, and of the operation a
    finding reached through calls names in its "the operation:" note: the
    batching check reports at the call in the loop and points at the work
    one or two calls down, which is where a hand-written instance may sit."""
    hits, check = set(), None
    for line in out.splitlines():
        m = FINDING.match(line)
        if m:
            check = m.group(3)
            if os.path.normpath(m.group(1)) == path:
                hits.add((int(m.group(2)), check))
            continue
        n = NOTE.match(line)
        if n and check and os.path.normpath(n.group(1)) == path:
            hits.add((int(n.group(2)), check))
    return hits


def includers(root, repo, header, near="", limit=4):
    """Up to `limit` units of the repository's database that include
    `header` (the one named like it first, then the nearest): a header's
    code is analysed as part of a unit, as a user's scan sees it. Units in
    the directory `near` (the loop's file) come next."""
    build = BUILD.get(repo)
    db = os.path.join(root, build or "", "compile_commands.json")
    if not build or not os.path.exists(db):
        return set()
    name = os.path.basename(header)
    stem = os.path.splitext(name)[0]

    def including(text, names):
        return any(re.search(r'#\s*include\s*[<"]([^>"]*/)?' + re.escape(n) + r'[>"]', text)
                   for n in names)

    # The header's name, and those of the project's headers that include it
    # (one level: a utility header reaches units through another header).
    names = {name}
    for d, _, files in os.walk(os.path.join(root, repo)):
        for f in files:
            if f.endswith((".h", ".cuh", ".hpp")) and f != name:
                try:
                    if including(open(os.path.join(d, f), errors="replace").read(), [name]):
                        names.add(f)
                except OSError:
                    pass
    found = []
    for e in json.load(open(db)):
        unit = os.path.normpath(os.path.join(e["directory"], e["file"]))
        try:
            text = open(unit, errors="replace").read()
        except OSError:
            continue
        if including(text, names):
            same = os.path.splitext(os.path.basename(unit))[0] == stem
            beside = bool(near) and os.path.dirname(unit) == near
            common = len(os.path.commonpath([unit, header]))
            found.append((not same, not beside, -common, unit))
    return {f[-1] for f in sorted(found)[:limit]}


def count(row, hit, found, total, extra):
    """Counts one listed row and prints it."""
    total[row["pattern"]] += 1
    found[row["pattern"]] += hit
    print("%-5s %s %s:%s %s" % ("FOUND" if hit else "miss", row["pattern"], row["repo"],
                                row["file"] + ":" + row["line"], row.get(extra, "")))


def recall_line(found, total):
    """"recall: k of n (p%); per pattern", or None when nothing was counted."""
    n, k = sum(total.values()), sum(found.values())
    if not n:
        return None
    return "recall: %d of %d (%.0f%%); %s" % (
        k, n, 100.0 * k / n, ", ".join("%s %d/%d" % (p, found[p], total[p]) for p in sorted(total)))


def from_reports(args):
    """Recall of the rows whose file a report's findings or notes cover."""
    hits, files = set(), set()
    for p in args.report:
        with open(p) as f:
            report = json.load(f)
        files |= {os.path.normpath(u["file"]) for u in report["coverage"]["units"]}
        for f in report["findings"]:
            hits.add((os.path.normpath(f["file"]), f["line"], f["check"]))
            for n in f.get("notes", []):
                if NOTE.match("%s:%d:1: note: %s" % (n["file"], n["line"], n["message"])):
                    hits.add((os.path.normpath(n["file"]), n["line"], f["check"]))
    with open(args.list) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    found, total = collections.Counter(), collections.Counter()
    covered = {r["repo"] for r in rows
               if any(u.startswith(os.path.join(args.root, r["repo"]) + "/") for u in files)}
    for r in rows:
        if r["repo"] not in covered:
            continue
        path = os.path.normpath(os.path.join(args.root, r["repo"], r["file"]))
        count(r, any((path, int(r["line"]), c) in hits for c in checks_of(r["pattern"])),
              found, total, "form" if "form" in r else "depth")
    line = recall_line(found, total)
    print(line or "no listed row lies in a repository the reports cover")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/work/realcode")
    ap.add_argument("--driver", default=os.path.join(REPO, "build", "bin", "sysopt-tidy"))
    ap.add_argument("--list", default=os.path.join(HERE, "loops.tsv"))
    ap.add_argument("--report", action="append", default=[],
                    help="a sysopt-scan JSON report to read findings from")
    args = ap.parse_args()
    if args.report:
        return from_reports(args)
    with open(args.list) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    by_file = collections.defaultdict(list)
    skipped = 0
    for r in rows:
        path = os.path.normpath(os.path.join(args.root, r["repo"], r["file"]))
        if not os.path.exists(path):
            skipped += 1
            continue
        by_file[path].append(r)
    listed = subprocess.run([args.driver, "--checks=-*,sysopt-*", "--list-checks"],
                            capture_output=True, text=True).stdout.split()
    checks = sorted({c for rs in by_file.values() for r in rs for c in checks_of(r["pattern"])}
                    & set(listed))
    nocheck = collections.Counter()
    found = collections.Counter()
    total = collections.Counter()
    def analyse(repo, unit, path):
        """Findings in `path` when `unit` is analysed."""
        p, tmp = database_for(args.root, repo, unit)
        out = subprocess.run([args.driver, "--checks=-*," + ",".join(checks),
                              "-p", p, unit], capture_output=True, text=True).stdout
        if tmp:
            subprocess.run(["rm", "-rf", tmp])
        return findings_on(out, path)

    for path, items in sorted(by_file.items()):
        # The line of a header's instance is analysed through its own file,
        # and through the file that holds the loop when the list names one,
        # and through up to four units that include the header.
        hits = analyse(items[0]["repo"], path, path)
        units = set()
        for r in items:
            where = r.get("loop_line", "").rpartition(":")[0]
            unit = os.path.normpath(os.path.join(args.root, r["repo"], where)) if where else ""
            if unit and unit != path and os.path.exists(unit) and not unit.endswith((".h", ".cuh", ".hpp")):
                units.add(unit)
        if path.endswith((".h", ".cuh", ".hpp")):
            near = {os.path.dirname(os.path.join(args.root, r["repo"], r["loop_line"].rpartition(":")[0]))
                    for r in items if r.get("loop_line")}
            units |= includers(args.root, items[0]["repo"], path, min(near) if near else "")
        for unit in sorted(units):
            hits |= analyse(items[0]["repo"], unit, path)
        for r in items:
            if not set(checks_of(r["pattern"])) & set(checks):
                nocheck[r["pattern"]] += 1
                continue
            count(r, any((int(r["line"]), c) in hits for c in checks_of(r["pattern"])),
                  found, total, "form" if "form" in r else "kind")
    line = recall_line(found, total)
    if not line:
        print("no listed file is present under %s: nothing measured" % args.root)
        return 0
    print("%s; %d rows skipped (repository absent)" % (line, skipped))
    if nocheck:
        print("not measured (no such check yet): %s" % ", ".join(
            "%s %d" % (p, c) for p, c in sorted(nocheck.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
