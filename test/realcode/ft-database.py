#!/usr/bin/env python3
"""A compile database for FasterTransformer's host code, for sysopt-scan.

FasterTransformer (NVIDIA/FasterTransformer df4a7534) builds with CMake
options this machine cannot satisfy whole (TensorFlow, Triton, MPI), so the
database is written here: every .cc file of src/fastertransformer except the
TensorFlow and Triton back ends, with its include roots, cutlass
(3rdparty/cutlass, its submodule at cc85b64c, checked out from a fetched
NVIDIA/cutlass) and, for the PyTorch ops of th_op/, Debian's libtorch 1.13
with the c10/cuda shim (torch_shim.py). The th_op units hold the
torch::jit::class_ registrations that make the models' forward an entry
point called once per request from Python.

  ft-database.py [--root /work/realcode]   # writes ROOT/FasterTransformer-scan/
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_shim import torch_cuda_shim  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/work/realcode")
    args = ap.parse_args()
    ft = os.path.join(args.root, "FasterTransformer")
    if not os.path.isdir(ft):
        print("no %s: skipped" % ft)
        return 0
    # Kept next to the database, which names it.
    shim = torch_cuda_shim(os.path.join(args.root, "FasterTransformer-scan", "shim"))
    inc = ["-I" + ft, "-I" + ft + "/src", "-I/usr/local/cuda/include", "-I" + ft + "/3rdparty",
           "-I" + ft + "/3rdparty/cutlass/include", "-I" + ft + "/3rdparty/cutlass/tools/util/include"]
    # CUDA 13 ships NVTX 3 only; th_utils.h includes <nvToolsExt.h>, which
    # NVTX 3 keeps under include/nvtx3.
    torch = ["-isystem", "/usr/include/torch/csrc/api/include", "-isystem", "/usr/include/python3.11",
             "-isystem", shim, "-I/usr/local/cuda/include/nvtx3"]
    entries = []
    for d, _, names in sorted(os.walk(os.path.join(ft, "src/fastertransformer"))):
        if any(x in d for x in ("/tf_op", "/triton_backend")):
            continue
        for name in sorted(names):
            if name.endswith(".cc"):
                f = os.path.join(d, name)
                extra = torch if "/th_op" in d else []
                entries.append({"directory": ft, "file": f, "arguments":
                                ["c++", "-std=c++17", "-DENABLE_BF16", "-DENABLE_FP8"] + inc + extra +
                                ["-c", f]})
    out = os.path.join(args.root, "FasterTransformer-scan")
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(entries, f)
    print("%d units: %s" % (len(entries), os.path.join(out, "compile_commands.json")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
