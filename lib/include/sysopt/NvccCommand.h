//===- NvccCommand.h - nvcc command lines in clang's CUDA host form -------===//
//
// A CMake project with `LANGUAGES CUDA` writes nvcc command lines into
// compile_commands.json. clang's driver knows none of nvcc's own flags
// (`-forward-unknown-to-host-compiler`, `--generate-code=...`, `-Xcompiler`,
// `-ccbin`...), so every tool that reads such a database fails before any
// check runs. This translates an nvcc command into clang's CUDA host-only
// form: nvcc's flags map to clang's or are dropped (the table in
// NvccCommand.cpp), host compiler options are unwrapped, and every include
// directory and define is kept. What clang needs for the toolkit is added:
// `--cuda-path`, CUDA 13's `include/cccl`, `--cuda-host-only -nocudalib`, and
// the compatibility prelude (resources/cuda/sysopt_cuda_prelude.h).
//
// Where it applies:
//  - clang-tidy (driver and plugin, also under run-clang-tidy): a
//    compilation database plugin ahead of clang's JSON one
//    (registerNvccAwareDatabase);
//  - sysopt-clangd: at clangd's compile-command layer (its CommandMangler);
//  - sysopt-scan: through the driver or the plugin.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_NVCCCOMMAND_H
#define SYSOPT_NVCCCOMMAND_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace sysopt {

struct NvccTranslationOptions {
  /// argv[0] of the translated command (clang++ of the LLVM we were built
  /// with: the driver derives its install directory from it).
  std::string ClangPath;
  /// Force-included into every translated unit; empty for none.
  std::string PreludePath;
  /// The CUDA toolkit root; empty: derive it from nvcc's path, else leave
  /// it to clang's own detection.
  std::string CudaPath;
};

/// Whether `Args` (argv[0] first) runs nvcc, directly or through a compiler
/// launcher such as ccache.
bool isNvccCommand(llvm::ArrayRef<std::string> Args);

/// The clang command for an nvcc command line. `Args` must satisfy
/// isNvccCommand. Response files given with `--options-file`/`-optf` are
/// expanded relative to `Directory`.
std::vector<std::string>
translateNvccCommand(llvm::ArrayRef<std::string> Args,
                     const NvccTranslationOptions &Opts,
                     llvm::StringRef Directory = "");

/// The options the tools use: clang++ of our LLVM, the prelude found next to
/// the loaded binary (none when SYSOPT_CUDA_PRELUDE is 0/off/no).
const NvccTranslationOptions &defaultNvccOptions();

/// Translates the nvcc entries of a compile command in place (a no-op for
/// every other command).
void adjustNvccCommandLine(std::vector<std::string> &CommandLine,
                           llvm::StringRef Directory);

/// `Base` with every nvcc command translated.
std::unique_ptr<clang::tooling::CompilationDatabase>
withNvccTranslation(std::unique_ptr<clang::tooling::CompilationDatabase> Base);

/// Puts a compile_commands.json loader that translates nvcc entries first in
/// clang's compilation database registry, so the JSON loader that knows
/// nothing of nvcc is never reached. Idempotent.
void registerNvccAwareDatabase();

/// Where the compatibility prelude is, or empty.
std::string findCudaPrelude();

} // namespace sysopt

#endif
