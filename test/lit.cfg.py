# -*- Python -*-
# lit configuration for sysopt-tidy's check, plugin and integration tests.
import os
import subprocess
import shutil

import lit.formats

config.name = "sysopt-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".cu", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sysopt_build_dir, "test")
config.excludes = ["include", "Inputs", "tools", "unit", "behaviour", "lit.cfg.py", "README.md", "CMakeLists.txt"]
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["HOME"] = os.environ.get("HOME", "/tmp")
if "SYSOPT_TEST_MODES" in os.environ:
    config.environment["SYSOPT_TEST_MODES"] = os.environ["SYSOPT_TEST_MODES"]

src = config.test_source_root
stubs = os.path.join(src, "include")
check = " ".join([
    "python3", os.path.join(src, "tools", "check_sysopt_tidy.py"),
    "--plugin=" + config.sysopt_plugin,
    "--driver=" + config.sysopt_driver,
    "--clang-tidy=" + config.clang_tidy,
    "--filecheck=" + os.path.join(config.llvm_tools_dir, "FileCheck"),
    "--clangxx=" + config.clangxx,
])
cuda_host = ("-x cuda --cuda-host-only -nocudainc -nocudalib --cuda-gpu-arch=sm_80 "
             "-Wno-unknown-cuda-version")
config.substitutions += [
    ("%check_sysopt_tidy", check),
    ("%sysopt_tidy", config.sysopt_driver),
    ("%sysopt_plugin", config.sysopt_plugin),
    ("%clang_tidy", config.clang_tidy),
    ("%clangxx", config.clangxx),
    ("%stubs", "-std=c++17 -isystem " + stubs),
    ("%cuda_stubs", "-std=c++17 " + cuda_host + " -isystem " + stubs),
    ("%cuda_real", "-std=c++17 -x cuda --cuda-host-only -nocudalib --cuda-gpu-arch=sm_80 "
                   "-Wno-unknown-cuda-version --cuda-path=/usr/local/cuda "
                   "-I/usr/local/cuda/include/cccl"),
    ("%torch_real", "-std=c++17 -isystem /usr/include/torch/csrc/api/include"),
    ("%sysopt_clangd", config.sysopt_clangd),
    ("%lsp_session", "python3 " + os.path.join(src, "tools", "lsp_session.py")),
    ("%build_dir", config.sysopt_build_dir),
    ("%python", "python3"),
    ("%src_root", os.path.dirname(src)),
]

# Integration tiers: real CUDA 13 and libtorch headers, when installed.
if os.path.exists("/usr/local/cuda/include/cuda_runtime.h"):
    config.available_features.add("cuda-headers")
if os.path.exists("/usr/include/torch/csrc/api/include/torch/torch.h"):
    config.available_features.add("libtorch")
if os.path.isdir(os.path.join(config.sysopt_build_dir, "bench")):
    config.available_features.add("benchmarks")
if config.sysopt_clangd:
    config.available_features.add("sysopt-clangd")
if shutil.which("emacs") and os.path.isdir("/usr/share/emacs/site-lisp/elpa/eglot-1.9"):
    config.available_features.add("emacs-eglot")
if shutil.which("nvim"):
    config.available_features.add("nvim")
# A CMake CUDA project configured with the toolkit's own nvcc.
nvcc = shutil.which("nvcc") or "/usr/local/cuda/bin/nvcc"
if os.access(nvcc, os.X_OK) and shutil.which("cmake") and shutil.which("ninja"):
    config.available_features.add("nvcc")
    config.substitutions.append(("%nvcc", nvcc))
# SARIF validation with GitHub's rules: @microsoft/sarif-multitool, installed
# by scripts/install-deps.sh from npm into build-tools/npm.
multitool = os.path.join(os.path.dirname(src), "build-tools", "npm", "node_modules", "@microsoft",
                         "sarif-multitool-linux", "Sarif.Multitool")
def runs(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=120).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# It is a .NET program: it must start here (ICU and the rest), not only exist.
if os.access(multitool, os.X_OK) and runs([multitool, "--version"]):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif_multitool", multitool))
else:
    lit_config.note("SARIF validation skipped: %s is missing or does not start "
                    "(scripts/install-deps.sh installs it from npm)" % multitool)
if shutil.which("clang-tidy-14"):
    config.available_features.add("clang-tidy-14")
