//===- NvccCommandTest.cpp - nvcc command lines in clang's form -----------===//
#include "sysopt/NvccCommand.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <string>
#include <vector>

using sysopt::isNvccCommand;
using sysopt::NvccTranslationOptions;
using sysopt::translateNvccCommand;

namespace {

using Args = std::vector<std::string>;

Args translate(Args In, std::string Directory = "") {
  NvccTranslationOptions Opts;
  Opts.ClangPath = "clang++";
  Opts.PreludePath = "/prelude.h";
  Opts.CudaPath = "/opt/cuda"; // no include/cccl there: not added
  return translateNvccCommand(In, Opts, Directory);
}

bool has(const Args &A, const std::string &S) {
  return std::find(A.begin(), A.end(), S) != A.end();
}

bool hasPrefix(const Args &A, const std::string &P) {
  return std::any_of(A.begin(), A.end(),
                     [&](const std::string &S) { return S.rfind(P, 0) == 0; });
}

// Both arguments in this order, next to each other.
bool hasPair(const Args &A, const std::string &X, const std::string &Y) {
  for (size_t I = 0; I + 1 < A.size(); ++I)
    if (A[I] == X && A[I + 1] == Y)
      return true;
  return false;
}

TEST(NvccCommand, RecognisesNvcc) {
  EXPECT_TRUE(isNvccCommand({"/usr/local/cuda/bin/nvcc", "-c", "a.cu"}));
  EXPECT_TRUE(isNvccCommand({"nvcc", "a.cu"}));
  EXPECT_TRUE(isNvccCommand({"/usr/bin/ccache", "nvcc", "a.cu"}));
  EXPECT_FALSE(isNvccCommand({"/usr/bin/clang++", "-x", "cuda", "a.cu"}));
  EXPECT_FALSE(isNvccCommand({"g++", "nvcc.cpp"}));
  EXPECT_FALSE(isNvccCommand({}));
}

// What CMake 3.25 writes for a CUDA target (cuda-samples, faiss, xgboost).
TEST(NvccCommand, CMakeCommandLine) {
  Args Out = translate(
      {"/usr/local/cuda/bin/nvcc", "-forward-unknown-to-host-compiler",
       "-ccbin=/usr/bin/c++", "-DUSE_X=1", "-I/src/include",
       "-isystem=/usr/local/cuda/include", "-O3",
       "--generate-code=arch=compute_80,code=[compute_80,sm_80]",
       "-Xcompiler=-fPIC", "--expt-relaxed-constexpr", "--expt-extended-lambda",
       "-std=c++17", "-x", "cu", "-rdc=true", "-c", "/src/a.cu", "-o", "a.o"});
  EXPECT_EQ(Out.front(), "clang++");
  for (const char *Kept : {"-DUSE_X=1", "-I/src/include", "-O3", "-fPIC",
                           "-std=c++17", "-c", "/src/a.cu"})
    EXPECT_TRUE(has(Out, Kept)) << Kept;
  EXPECT_TRUE(hasPair(Out, "-isystem", "/usr/local/cuda/include"));
  EXPECT_TRUE(hasPair(Out, "-x", "cuda"));
  EXPECT_TRUE(hasPair(Out, "-o", "a.o"));
  EXPECT_TRUE(has(Out, "--cuda-gpu-arch=sm_80"));
  EXPECT_EQ(std::count(Out.begin(), Out.end(), "--cuda-gpu-arch=sm_80"), 1);
  for (const char *Added : {"--cuda-host-only", "-nocudalib",
                            "-Wno-unknown-cuda-version"})
    EXPECT_TRUE(has(Out, Added)) << Added;
  EXPECT_TRUE(hasPair(Out, "-include", "/prelude.h"));
  EXPECT_TRUE(has(Out, "--cuda-path=/opt/cuda"));
  EXPECT_TRUE(has(Out, "-fgpu-rdc")); // -rdc=true
  for (const char *Gone : {"-forward-unknown-to-host-compiler", "-rdc=true",
                           "--expt-relaxed-constexpr", "--expt-extended-lambda"})
    EXPECT_FALSE(has(Out, Gone)) << Gone;
  EXPECT_FALSE(hasPrefix(Out, "-ccbin"));
  EXPECT_FALSE(hasPrefix(Out, "--generate-code"));
  EXPECT_FALSE(hasPrefix(Out, "-Xcompiler"));
}

TEST(NvccCommand, ArchitectureSpellings) {
  Args Out = translate({"nvcc", "-arch=sm_70", "-gencode",
                        "arch=compute_86,code=sm_86", "-code", "sm_90",
                        "--gpu-architecture", "compute_75", "a.cu"});
  for (const char *A : {"--cuda-gpu-arch=sm_70", "--cuda-gpu-arch=sm_86",
                        "--cuda-gpu-arch=sm_90", "--cuda-gpu-arch=sm_75"})
    EXPECT_TRUE(has(Out, A)) << A;
  // Unknown to clang, or not an architecture: clang's default serves.
  Out = translate({"nvcc", "-arch=native", "-arch", "all-major", "a.cu"});
  EXPECT_FALSE(hasPrefix(Out, "--cuda-gpu-arch"));
  EXPECT_FALSE(has(Out, "all-major"));
}

TEST(NvccCommand, HostOptionsAreUnwrapped) {
  Args Out = translate({"nvcc", "-Xcompiler", "-Wall,-fopenmp",
                        "--compiler-options=-fno-strict-aliasing",
                        "-Xcompiler", "-Wextra -march=native", "a.cu"});
  for (const char *H : {"-Wall", "-fopenmp", "-fno-strict-aliasing", "-Wextra",
                        "-march=native"})
    EXPECT_TRUE(has(Out, H)) << H;
}

TEST(NvccCommand, NvccOnlyFlagsAreDropped) {
  Args Out = translate(
      {"nvcc", "--use_fast_math", "-use_fast_math", "--threads", "4", "-t=2",
       "-lineinfo", "-G", "--diag-suppress", "177,550", "-diag-suppress=20012",
       "-Werror", "cross-execution-space-call,reorder", "--Werror=all-warnings",
       "-Xptxas", "-v", "-Xptxas=-O3", "-Xcudafe", "--diag_suppress=x",
       "-Xfatbin=-compress-all", "-extended-lambda", "--maxrregcount=64",
       "-Wno-deprecated-gpu-targets", "-compress-mode=size",
       "--allow-unsupported-compiler", "--keep", "a.cu"});
  Args Expected = {"clang++", "a.cu"};
  Args Head(Out.begin(), Out.begin() + 2);
  EXPECT_EQ(Head, Expected);
  EXPECT_FALSE(has(Out, "4"));
  EXPECT_FALSE(has(Out, "177,550"));
  EXPECT_FALSE(has(Out, "-v"));
  EXPECT_FALSE(hasPrefix(Out, "-Werror"));
}

TEST(NvccCommand, LongSpellingsAndDefaults) {
  Args Out = translate({"nvcc", "--include-path=/inc", "--define-macro",
                        "A=1", "--undefine-macro=B", "--system-include",
                        "/sys", "--pre-include", "first.h", "--std", "c++20",
                        "--compile", "--output-file", "x.o", "--optimize=2",
                        "--default-stream", "per-thread", "-dc", "a.cu"});
  for (const char *F : {"-I/inc", "-DA=1", "-UB", "-std=c++20", "-c", "-O2",
                        "-DCUDA_API_PER_THREAD_DEFAULT_STREAM=1"})
    EXPECT_TRUE(has(Out, F)) << F;
  EXPECT_TRUE(hasPair(Out, "-isystem", "/sys"));
  EXPECT_TRUE(hasPair(Out, "-include", "first.h"));
  EXPECT_TRUE(hasPair(Out, "-o", "x.o"));
  EXPECT_FALSE(has(Out, "-dc"));
  EXPECT_TRUE(has(Out, "-fgpu-rdc"));
  EXPECT_FALSE(has(translate({"nvcc", "-rdc=false", "a.cu"}), "-fgpu-rdc"));
}

// nvcc compiles a .cpp file as plain C++ with the host compiler: no CUDA
// flags, no prelude.
TEST(NvccCommand, HostOnlyFileStaysCxx) {
  Args Out = translate({"nvcc", "-Xcompiler=-fPIC", "-c", "main.cpp"});
  EXPECT_FALSE(has(Out, "--cuda-host-only"));
  EXPECT_FALSE(has(Out, "/prelude.h"));
  EXPECT_TRUE(has(Out, "-fPIC"));
  Out = translate({"nvcc", "-x", "cu", "-c", "main.cpp"});
  EXPECT_TRUE(has(Out, "--cuda-host-only"));
}

TEST(NvccCommand, OptionsFilesAreExpanded) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("nvcc-rsp", Dir));
  {
    std::error_code EC;
    llvm::raw_fd_ostream Rsp((Dir + "/includes.rsp").str(), EC);
    ASSERT_FALSE(EC);
    Rsp << "-I\"/with space/inc\" -DFROM_FILE --expt-relaxed-constexpr\n";
  }
  Args Out = translate({"nvcc", "--options-file", "includes.rsp", "a.cu"},
                       std::string(Dir));
  EXPECT_TRUE(has(Out, "-I/with space/inc"));
  EXPECT_TRUE(has(Out, "-DFROM_FILE"));
  EXPECT_FALSE(has(Out, "--expt-relaxed-constexpr"));
  EXPECT_FALSE(has(Out, "includes.rsp"));
  llvm::sys::fs::remove_directories(Dir);
}

TEST(NvccCommand, LauncherIsDropped) {
  Args Out = translate({"ccache", "/usr/local/cuda/bin/nvcc", "-c", "a.cu"});
  EXPECT_EQ(Out.front(), "clang++");
  EXPECT_FALSE(has(Out, "ccache"));
  EXPECT_FALSE(hasPrefix(Out, "/usr/local/cuda/bin/nvcc"));
}

// GCC finds omp.h under -fopenmp in its own include directory; clang is
// told to look there last. Other commands stay as they are.
TEST(NvccCommand, GccOpenMPFindsOmpHeader) {
  bool HaveGccOmp = false;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator T("/usr/lib/gcc", EC), End; !EC && T != End;
       T.increment(EC))
    HaveGccOmp = true;
  Args Gcc = {"/usr/bin/x86_64-linux-gnu-g++-12", "-fopenmp", "-c", "a.cpp"};
  sysopt::adjustNvccCommandLine(Gcc, "");
  if (HaveGccOmp) {
    auto It = std::find(Gcc.begin(), Gcc.end(), "-idirafter");
    ASSERT_NE(It, Gcc.end());
    ASSERT_NE(It + 1, Gcc.end());
    EXPECT_TRUE(llvm::sys::fs::exists(*(It + 1) + "/omp.h"));
  }
  Args NoOpenMP = {"c++", "-O2", "-c", "a.cpp"};
  sysopt::adjustNvccCommandLine(NoOpenMP, "");
  EXPECT_EQ(NoOpenMP, (Args{"c++", "-O2", "-c", "a.cpp"}));
  Args Clang = {"clang++-22", "-fopenmp", "-c", "a.cpp"};
  sysopt::adjustNvccCommandLine(Clang, "");
  EXPECT_EQ(Clang, (Args{"clang++-22", "-fopenmp", "-c", "a.cpp"}));
}

} // namespace
