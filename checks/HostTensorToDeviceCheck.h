//===- HostTensorToDeviceCheck.h - sysopt-host-tensor-to-device -----------===//
//
// A libtorch factory whose tensor is built on the host and moved to the
// device at once, on a repeated path (principle: removal, method:
// contextualization). See docs/checks/host-tensor-to-device.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_HOSTTENSORTODEVICECHECK_H
#define SYSOPT_CHECKS_HOSTTENSORTODEVICECHECK_H

#include "RepeatedPathCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace sysopt {

class HostTensorToDeviceCheck : public RepeatedPathCheck {
public:
  HostTensorToDeviceCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RepeatedPathCheck(Name, Context) {}
  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;

private:
  void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void endTranslationUnit() override { Reported.clear(); }

  llvm::DenseSet<clang::SourceLocation> Reported;
};

} // namespace sysopt

#endif
