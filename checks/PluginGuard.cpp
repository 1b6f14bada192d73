//===- PluginGuard.cpp - refuse to run inside the wrong clang-tidy --------===//
//
// Compiled into the plugin only. A plugin built for LLVM 22 that is loaded
// into, say, clang-tidy 14 lists its checks and then silently reports
// nothing (the two ABIs differ). Before the module registers itself we ask
// the host clang for its version and stop the process with a clear error when
// the major versions differ.
//
//===----------------------------------------------------------------------===//
#include "sysopt/HostVersion.h"
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>

namespace {

// clang::getClangFullVersion(), present in every clang for many releases with
// this mangled name; resolved in the host without linking against it.
// With the C++11 ABI the name carries the [abi:cxx11] tag.
using FullVersionFn = std::string (*)();
constexpr const char *FullVersionSymbols[] = {
    "_ZN5clang19getClangFullVersionB5cxx11Ev",
    "_ZN5clang19getClangFullVersionEv"};

// Runs before the static registration objects of the module (priority 101 is
// the first one available to programs).
__attribute__((constructor(101))) void sysoptCheckPluginHost() {
  if (std::getenv("SYSOPT_TIDY_SKIP_HOST_CHECK"))
    return;
  FullVersionFn Fn = nullptr;
  for (const char *Symbol : FullVersionSymbols)
    if (!Fn)
      Fn = reinterpret_cast<FullVersionFn>(dlsym(RTLD_DEFAULT, Symbol));
  if (!Fn) {
    std::fprintf(stderr,
                 "sysopt-tidy: warning: cannot tell which clang-tidy loaded "
                 "the plugin (built for LLVM %s); if it is not clang-tidy-%d, "
                 "expect no results\n",
                 SYSOPT_LLVM_VERSION, SYSOPT_LLVM_VERSION_MAJOR);
    return;
  }
  std::optional<std::string> Error =
      sysopt::pluginHostMismatch(SYSOPT_LLVM_VERSION, Fn());
  if (!Error)
    return;
  std::fprintf(stderr, "sysopt-tidy: error: %s\n", Error->c_str());
  std::fflush(stderr);
  // Do not unwind through a half-loaded host: its static state belongs to
  // another LLVM version.
  std::_Exit(1);
}

} // namespace
