//===- SysoptTidyMain.cpp - the sysopt-tidy driver ------------------------===//
//
// clang-tidy's own main with the sysopt module linked in next to every stock
// module, so every clang-tidy option works unchanged. One difference: when
// the user configured no checks at all (no --checks, no --config or
// --config-file, no .clang-tidy above the inputs) it runs `sysopt-*` instead
// of clang-tidy's default set. Two more, as sysopt-clangd does:
//  - when no clang resource directory lies next to the binary (the build
//    tree, an install away from LLVM) and the user gave none, clang's
//    headers (builtins, cuda_wrappers/) come from the LLVM it was built for;
//  - nvcc entries of compile_commands.json are translated for clang
//    (NvccCommand.h; the module registers the loader).
//
//===----------------------------------------------------------------------===//
#include "sysopt/HostVersion.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace clang::tidy {
int clangTidyMain(int argc, const char **argv);
} // namespace clang::tidy

extern volatile int SysoptModuleAnchorSource;
static int KeepModule = SysoptModuleAnchorSource;

static bool configuresChecks(llvm::StringRef Arg) {
  for (llvm::StringRef Opt : {"checks", "config", "config-file"}) {
    llvm::StringRef A = Arg;
    if (!A.consume_front("--") && !A.consume_front("-"))
      return false;
    if (A == Opt || A.starts_with((Opt + "=").str()))
      return true;
  }
  return false;
}

static bool hasClangTidyFileAbove(llvm::StringRef Path) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::fs::make_absolute(Dir);
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  for (llvm::StringRef D = Dir; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Candidate(D);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    if (llvm::sys::fs::exists(Candidate))
      return true;
  }
  return false;
}

int main(int argc, const char **argv) {
  (void)KeepModule;
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "sysopt-tidy version " << SYSOPT_TIDY_VERSION
       << " (sysopt-* checks built in; built for LLVM " << SYSOPT_LLVM_VERSION
       << ")\n";
  });

  bool Configured = false, UserResourceDir = false, CompilerArgs = false;
  std::vector<llvm::StringRef> Inputs;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    // In --extra-arg* or in the compiler arguments after `--` (an option,
    // not a path that happens to contain the words).
    llvm::StringRef Option = Arg;
    for (llvm::StringRef Prefix : {"--extra-arg=", "--extra-arg-before=",
                                   "-extra-arg=", "-extra-arg-before="})
      if (Option.consume_front(Prefix))
        break;
    if (Option.starts_with("-resource-dir") ||
        Option.starts_with("--resource-dir"))
      UserResourceDir = true;
    if (Arg == "--")
      CompilerArgs = true;
    if (CompilerArgs)
      continue;
    if (configuresChecks(Arg))
      Configured = true;
    else if (!Arg.starts_with("-"))
      Inputs.push_back(Arg);
  }
  if (!Configured) {
    if (Inputs.empty())
      Inputs.push_back(".");
    for (llvm::StringRef In : Inputs)
      Configured |= hasClangTidyFileAbove(In);
  }
  std::vector<const char *> Args(argv, argv + argc);
  if (!Configured)
    Args.insert(Args.begin() + 1, "--checks=-*,sysopt-*");
  const char *ResourceArg =
      "--extra-arg-before=-resource-dir=" SYSOPT_CLANG_RESOURCE_DIR;
  if (!UserResourceDir && !sysopt::hasResourceDirNextToBinary(argv[0]) &&
      llvm::sys::fs::is_directory(SYSOPT_CLANG_RESOURCE_DIR))
    Args.insert(Args.begin() + 1, ResourceArg);
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()), Args.data());
}
