//===- ClangdCommands.cpp - nvcc compile commands in sysopt-clangd --------===//
//
// clangd reads compile_commands.json itself (not through clang's database
// registry) and passes every command through its CommandMangler before
// parsing. The link wraps the mangler (see CMakeLists.txt, `-Wl,--wrap=`):
// an nvcc command is first translated into clang's CUDA host form
// (NvccCommand.h), then clangd's own mangling runs on the result. If Debian's
// clangd renames the mangler, the link fails on the `__real_` symbol.
//
//===----------------------------------------------------------------------===//
#include "sysopt/NvccCommand.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"

// clang::clangd::CommandMangler::operator()(CompileCommand &, StringRef)
// const, called with the mangler as its first argument.
void realCommandMangler(const void *Mangler, clang::tooling::CompileCommand &Cmd,
                        llvm::StringRef File) __asm__(
    "__real__ZNK5clang6clangd14CommandManglerclERNS_7tooling14CompileCommandEN4llvm9StringRefE");
void sysoptCommandMangler(const void *Mangler,
                          clang::tooling::CompileCommand &Cmd,
                          llvm::StringRef File) __asm__(
    "__wrap__ZNK5clang6clangd14CommandManglerclERNS_7tooling14CompileCommandEN4llvm9StringRefE");

void sysoptCommandMangler(const void *Mangler,
                          clang::tooling::CompileCommand &Cmd,
                          llvm::StringRef File) {
  sysopt::adjustNvccCommandLine(Cmd.CommandLine, Cmd.Directory);
  realCommandMangler(Mangler, Cmd, File);
}
