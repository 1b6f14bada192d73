//===- SysoptClangdMain.cpp - clangd with the sysopt checks built in ------===//
//
// clangd cannot load out-of-tree clang-tidy modules, so this is clangd 22's
// own main linked with the sysopt module. Two differences from stock clangd:
//  - `--version` names the sysopt version;
//  - when the binary is installed away from LLVM (no `../lib/clang/<major>`
//    next to it) and the user gave no `--resource-dir`, it points clangd at
//    the resource directory of the LLVM it was built against, so the clang
//    builtin and CUDA wrapper headers resolve wherever it is installed.
// Which checks run is clangd's configuration (`.clangd`, or
// ~/.config/clangd/config.yaml); see docs/editors.md.
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

namespace clang::clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

extern volatile int SysoptModuleAnchorSource;
static int KeepModule = SysoptModuleAnchorSource;

int main(int argc, char *argv[]) {
  (void)KeepModule;
  bool UserResourceDir = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg.starts_with("--resource-dir") || Arg.starts_with("-resource-dir"))
      UserResourceDir = true;
    // clangd installs its own version printer, which replaces LLVM's extra
    // printers: our line goes first, clangd's follow.
    if (Arg == "--version" || Arg == "-version")
      llvm::outs() << "sysopt-clangd version " << SYSOPT_TIDY_VERSION
                   << " (clangd with the sysopt-* clang-tidy checks built in; "
                      "built for LLVM "
                   << SYSOPT_LLVM_VERSION << ")\n";
  }
  std::vector<char *> Args(argv, argv + argc);
  std::string ResourceArg = "--resource-dir=" SYSOPT_CLANG_RESOURCE_DIR;
  if (!UserResourceDir && !sysopt::hasResourceDirNextToBinary(argv[0]) &&
      llvm::sys::fs::is_directory(SYSOPT_CLANG_RESOURCE_DIR))
    Args.insert(Args.begin() + 1, ResourceArg.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
