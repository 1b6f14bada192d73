//===- HostVersion.h - is the clang-tidy that loaded us the right one? ----===//
#ifndef SYSOPT_HOSTVERSION_H
#define SYSOPT_HOSTVERSION_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace sysopt {

struct LLVMVersion {
  unsigned Major = 0, Minor = 0, Patch = 0;
  std::string str() const;
};

/// Parses the version out of clang's full version string, e.g.
/// "Debian clang version 14.0.6" or "clang version 22.1.8 (https://...)".
std::optional<LLVMVersion> parseClangFullVersion(llvm::StringRef Full);

/// The error to print when a plugin built for LLVM `BuiltFor` is loaded into
/// a host whose clang reports `HostFullVersion`; nullopt when they match.
/// The C++ ABI of clang's libraries changes between major versions only, so
/// the major versions must agree.
std::optional<std::string> pluginHostMismatch(llvm::StringRef BuiltFor,
                                              llvm::StringRef HostFullVersion);

/// Whether clang's resource directory (`../lib/clang/<major>`) lies next to
/// the running executable, where clang looks for it (for the driver and
/// sysopt-clangd, which link this code into the executable).
bool hasResourceDirNextToBinary(const char *Argv0);

} // namespace sysopt

#endif
