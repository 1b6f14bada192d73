#!/usr/bin/env python3
"""Each loop-shaped check costs at most twice a plain parse at every size.

Generates, per check, one function with N candidates (250, 1000, 4000) of
the kind the check analyses, times the driver with the check alone and with
a check that matches nothing of it (the parse), and fails when the check
takes more than 2x the parse plus a fixed second (process start and timer
noise on a loaded 2-core machine).

  scaling.py --driver sysopt-tidy --stubs test/include OUTDIR
"""
import argparse
import os
import subprocess
import sys
import time

BASELINE = "-*,llvm-namespace-comment"
SIZES = (250, 1000, 4000)


def hoistable(n):
    # strlen of a string the loop advances (each one analysed, none
    # reported: printing thousands of findings would measure the printer),
    # and a per-call device query in n/10 helpers the loop calls (reported):
    # the in-loop and the call-graph paths.
    body = "".join("    sink(strlen(s));\n" for _ in range(n)) + "    s = next(s);\n"
    helpers = "".join(
        "static int q%d() { cudaDeviceProp p; cudaGetDeviceProperties(&p, 0); return p.major; }\n" % i
        for i in range(n // 10))
    calls = "".join("    sink(q%d());\n" % i for i in range(n // 10))
    return ("#include <cstring>\n#include <cuda_runtime.h>\nint sink(unsigned long);\n"
            "const char *next(const char *);\n" + helpers +
            "void f(const char *s, int iters) {\n  for (int i = 0; i < iters; ++i) {\n" + body +
            calls + "  }\n}\n"), "hoistable.cu", "sysopt-hoistable-computation"


def unbatched(n):
    # Launches on slices, and helpers that launch, called per slice.
    helpers = "".join(
        "static void h%d(float *x, int n) { k<<<1, 256>>>(x, n); }\n" % i for i in range(n // 2))
    body = "".join("    k<<<1, 256>>>(x + i * n, n);\n" for _ in range(n // 2))
    body += "".join("    h%d(x + i * n, n);\n" % i for i in range(n // 2))
    return ("#include <cuda_runtime.h>\n__global__ void k(float *x, int n) {}\n" + helpers +
            "void f(float *x, int n, int iters) {\n  for (int i = 0; i < iters; ++i) {\n" + body +
            "  }\n}\n"), "unbatched.cu", "sysopt-unbatched-kernel-launch"


def sync(n):
    # A wait after each of n launches in a loop that also copies back to
    # the host (every wait needed: analysed to the end, none reported), and
    # n/10 helpers that launch and wait, called from a second loop
    # (reported).
    body = "".join("    k<<<1, 256>>>(x, n);\n    cudaDeviceSynchronize();\n" for _ in range(n))
    body += "    cudaMemcpy(&h, x, sizeof(float), cudaMemcpyDeviceToHost);\n"
    helpers = "".join(
        "static void w%d(float *x, int n) { k<<<1, 256>>>(x, n); cudaDeviceSynchronize(); }\n" % i
        for i in range(n // 10))
    calls = "".join("    w%d(x, n);\n" % i for i in range(n // 10))
    return ("#include <cuda_runtime.h>\n__global__ void k(float *x, int n) {}\n" + helpers +
            "float f(float *x, int n, int iters) {\n  float h = 0;\n"
            "  for (int i = 0; i < iters; ++i) {\n" + body + "  }\n"
            "  for (int i = 0; i < iters; ++i) {\n" + calls + "  }\n  return h;\n}\n"),\
        "sync.cu", "sysopt-sync-in-loop"


def pageable(n):
    # n copies in a loop from one malloc'ed buffer (its writes scanned once,
    # reported), and n/10 helpers taking a pointer, each called with a stack
    # array (followed up to the caller, reported there).
    body = "".join("    cudaMemcpyAsync(d + %d, h + i, 4, cudaMemcpyHostToDevice, s);\n" % j
                   for j in range(n))
    helpers = "".join(
        "static void u%d(float *d, const float *p, cudaStream_t s) {"
        " cudaMemcpyAsync(d, p, 4, cudaMemcpyHostToDevice, s); }\n" % i for i in range(n // 10))
    calls = "".join("  u%d(d, a, s);\n" % i for i in range(n // 10))
    return ("#include <cuda_runtime.h>\n#include <stdlib.h>\n" + helpers +
            "void f(float *d, int iters, cudaStream_t s) {\n"
            "  float *h = (float *)malloc(iters * sizeof(float));\n"
            "  for (int i = 0; i < iters; ++i) {\n" + body + "  }\n"
            "  float a[4] = {0, 1, 2, 3};\n" + calls + "  free(h);\n}\n"),\
        "pageable.cu", "sysopt-pageable-async-copy"


def alloc(n):
    # n allocations and releases of n buffers in one loop (each release
    # found among n candidates), and n/10 helpers that allocate and release,
    # called from a second loop.
    decls = "".join("  float *d%d = nullptr;\n" % i for i in range(n))
    body = "".join("    cudaMalloc(&d%d, bytes);\n    cudaFree(d%d);\n" % (i, i) for i in range(n))
    helpers = "".join(
        "static void a%d(size_t bytes) { float *p = nullptr; cudaMalloc(&p, bytes); cudaFree(p); }\n"
        % i for i in range(n // 10))
    calls = "".join("    a%d(bytes);\n" % i for i in range(n // 10))
    return ("#include <cuda_runtime.h>\n" + helpers +
            "void f(size_t bytes, int iters) {\n" + decls +
            "  for (int i = 0; i < iters; ++i) {\n" + body + "  }\n"
            "  for (int i = 0; i < iters; ++i) {\n" + calls + "  }\n}\n"),\
        "alloc.cu", "sysopt-alloc-in-loop"


def flush(n):
    # n lines ended with std::endl in one loop (the terminal reads of the
    # loop scanned once), and n/10 helpers that flush, called from a loop.
    body = "".join("    out << i << %d << std::endl;\n" % j for j in range(n))
    helpers = "".join("static void w%d(std::ofstream &o, int i) { o << i << std::endl; }\n" % i
                      for i in range(n // 10))
    calls = "".join("    w%d(out, i);\n" % i for i in range(n // 10))
    return ("#include <fstream>\n" + helpers +
            "void f(std::ofstream &out, int iters) {\n"
            "  for (int i = 0; i < iters; ++i) {\n" + body + "  }\n"
            "  for (int i = 0; i < iters; ++i) {\n" + calls + "  }\n}\n"),\
        "flush.cu", "sysopt-flush-in-loop"


def host_tensor(n):
    # n factories moved to the device in one loop, and n/10 helpers that do
    # it, called from a loop.
    body = "".join("    acc = acc + torch::zeros({%d}).to(torch::kCUDA);\n" % (j + 1)
                   for j in range(n))
    helpers = "".join("static torch::Tensor t%d(int n) { return torch::ones({n}).cuda(); }\n" % i
                      for i in range(n // 10))
    calls = "".join("    acc = acc + t%d(i);\n" % i for i in range(n // 10))
    return ("#include <torch/torch.h>\n" + helpers +
            "torch::Tensor f(torch::Tensor acc, int iters) {\n"
            "  for (int i = 0; i < iters; ++i) {\n" + body + "  }\n"
            "  for (int i = 0; i < iters; ++i) {\n" + calls + "  }\n  return acc;\n}\n"),\
        "host_tensor.cu", "sysopt-host-tensor-to-device"


def last_use(n):
    # n local vectors in one loop body, each pushed and read again (the
    # control-flow graph searched, none reported), and n/10 pushed at their
    # last use (reported): one graph for the function, not one per copy.
    decls = "".join("    std::vector<int> v%d = make(i);\n    out.push_back(v%d);\n"
                    "    sink(v%d.size());\n" % (j, j, j) for j in range(n))
    moved = "".join("    std::vector<int> w%d = make(i);\n    out.push_back(w%d);\n" % (j, j)
                    for j in range(n // 10))
    return ("#include <utility>\n#include <vector>\nstd::vector<int> make(int);\n"
            "void sink(unsigned long);\n"
            "void f(std::vector<std::vector<int>> &out, int iters) {\n"
            "  for (int i = 0; i < iters; ++i) {\n" + decls + moved + "  }\n}\n"),\
        "last_use.cu", "sysopt-redundant-copy"


def local_copies(check):
    def make(n):
        # n copies of one source in one loop body, each written on every
        # path and read (both copy checks analyse each, neither reports
        # it), n/10 only read (the copy rule reports them) and n/10 written
        # on one path only (copy-on-write reports them).
        body = "".join("    std::vector<int> c%d = src;\n    c%d.push_back(i);\n    sink(c%d.size());\n"
                       % (j, j, j) for j in range(n))
        body += "".join("    std::vector<int> r%d = src;\n    sink(r%d.size());\n" % (j, j)
                        for j in range(n // 10))
        body += "".join("    std::vector<int> w%d = src;\n    if (i == %d)\n      w%d.push_back(i);\n"
                        "    sink(w%d.size());\n" % (j, j, j, j) for j in range(n // 10))
        return ("#include <vector>\nvoid sink(unsigned long);\n"
                "void f(const std::vector<int> &src, int iters) {\n"
                "  for (int i = 0; i < iters; ++i) {\n" + body + "  }\n}\n"),\
            "local_copies.cu", check
    return make


def timed(cmd):
    best = None
    for _ in range(2):
        start = time.monotonic()
        r = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.monotonic() - start
        if r.returncode not in (0, 1):
            sys.exit("failed (%d): %s\n%s" % (r.returncode, " ".join(cmd), r.stderr[-2000:]))
        best = elapsed if best is None else min(best, elapsed)
    return best, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--stubs", required=True)
    ap.add_argument("outdir")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    flags = ["-std=c++17", "-x", "cuda", "--cuda-host-only", "-nocudainc", "-nocudalib",
             "--cuda-gpu-arch=sm_80", "-Wno-unknown-cuda-version", "-isystem", args.stubs]
    failed = False
    for make in (hoistable, unbatched, sync, pageable, alloc, flush, host_tensor, last_use,
                 local_copies("sysopt-redundant-copy"), local_copies("sysopt-missing-cow")):
        for n in SIZES:
            text, name, check = make(n)
            path = os.path.join(args.outdir, "%d-%s" % (n, name))
            with open(path, "w") as f:
                f.write(text)
            parse, _ = timed([args.driver, "--checks=" + BASELINE, path, "--"] + flags)
            cost, out = timed([args.driver, "--checks=-*," + check, path, "--"] + flags)
            found = out.count("warning:")
            ok = cost <= 2 * parse + 1.0 and found > 0
            failed |= not ok
            print("%-32s n=%-5d parse %6.2f s  check %6.2f s  findings %5d  %s" % (
                check, n, parse, cost, found, "ok" if ok else "TOO SLOW or silent"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
