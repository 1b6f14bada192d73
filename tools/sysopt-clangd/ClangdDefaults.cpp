//===- ClangdDefaults.cpp - sysopt checks on by default in sysopt-clangd --===//
//
// Stock clangd runs a clang-tidy check only when (1) the configuration
// enables it and (2) clangd's table of check latencies lists it as fast (the
// default `FastCheckFilter: Strict` drops unknown checks). Neither can be
// extended from outside, so the link wraps the two clangd functions that
// decide (see CMakeLists.txt, `-Wl,--wrap=`):
//  - isFastTidyCheck: the sysopt checks are fast (their latency next to
//    stock clangd is measured in docs/editors.md); clangd's table answers
//    for every other check. If Debian's clangd renames either function, the
//    link fails on the `__real_` symbol instead of silently losing this;
//  - provideDefaultChecks: after clangd's defaults, `sysopt-*` joins the
//    check list, so the checks are on without configuration, also in
//    projects whose .clang-tidy starts with `-*`. The user's word wins:
//    a list that enables sysopt checks by name is left as written, one that
//    disables every check (`-*` with nothing enabled after it) too, and
//    `sysopt-*` goes before the first glob that disables sysopt checks, so
//    `Remove: [sysopt-x]` in .clangd turns off exactly that check.
//
//===----------------------------------------------------------------------===//
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang::clangd {
// As declared in clangd's TidyProvider.h (not installed by Debian).
using TidyProvider =
    llvm::unique_function<void(tidy::ClangTidyOptions &, llvm::StringRef) const>;
} // namespace clang::clangd

using clang::clangd::TidyProvider;

// The originals, reachable under their `__real_` names through --wrap.
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProvider realProvideDefaultChecks() __asm__(
    "__real__ZN5clang6clangd20provideDefaultChecksEv");

std::optional<bool> sysoptIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProvider sysoptProvideDefaultChecks() __asm__(
    "__wrap__ZN5clang6clangd20provideDefaultChecksEv");

std::optional<bool> sysoptIsFastTidyCheck(llvm::StringRef Check) {
  if (Check.starts_with("sysopt-"))
    return true;
  return realIsFastTidyCheck(Check);
}

// The check list with `sysopt-*` where the rules above put it.
static std::string withSysoptChecks(llvm::StringRef Checks) {
  llvm::SmallVector<llvm::StringRef> Globs;
  Checks.split(Globs, ',', -1, /*KeepEmpty=*/false);
  bool EnabledAfterReset = true;
  std::optional<size_t> FirstSysoptRemoval;
  size_t Offset = 0;
  for (llvm::StringRef Raw : Globs) {
    llvm::StringRef Glob = Raw.trim();
    size_t At = Checks.find(Raw, Offset);
    Offset = At + Raw.size();
    if (Glob.empty())
      continue;
    bool Removal = Glob.consume_front("-");
    Glob = Glob.trim();
    if (!Removal && Glob.starts_with("sysopt"))
      return Checks.str();
    if (Removal && Glob == "*")
      EnabledAfterReset = false;
    else if (!Removal)
      EnabledAfterReset = true;
    if (Removal && Glob.starts_with("sysopt") && !FirstSysoptRemoval)
      FirstSysoptRemoval = At;
  }
  if (!EnabledAfterReset)
    return Checks.str();
  if (FirstSysoptRemoval)
    return (Checks.take_front(*FirstSysoptRemoval) + "sysopt-*," +
            Checks.drop_front(*FirstSysoptRemoval))
        .str();
  return (Checks + ",sysopt-*").str();
}

TidyProvider sysoptProvideDefaultChecks() {
  return [Defaults = realProvideDefaultChecks()](
             clang::tidy::ClangTidyOptions &Opts, llvm::StringRef File) {
    Defaults(Opts, File);
    if (!Opts.Checks || Opts.Checks->empty())
      Opts.Checks = "sysopt-*";
    else
      Opts.Checks = withSysoptChecks(*Opts.Checks);
  };
}
