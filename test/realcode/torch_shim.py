"""The one header Debian's libtorch-dev lacks, shared by the measurement
scripts of this folder.

Debian ships c10/cuda headers without the header CMake generates for them
(c10/cuda/impl/cuda_cmake_macros.h); a unit that includes ATen/cuda then
stops at the first include. The shim is that one-line header."""
import os
import tempfile


def torch_cuda_shim(directory=None):
    """Writes the shim under `directory` (a new temporary one by default)
    and returns the directory to put on the include path."""
    d = directory or tempfile.mkdtemp(prefix="torch-cuda-shim-")
    os.makedirs(os.path.join(d, "c10", "cuda", "impl"), exist_ok=True)
    with open(os.path.join(d, "c10", "cuda", "impl", "cuda_cmake_macros.h"), "w") as f:
        f.write("#pragma once\n#define C10_CUDA_BUILD_SHARED_LIBS\n")
    return d
