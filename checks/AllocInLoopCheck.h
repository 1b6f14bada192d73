//===- AllocInLoopCheck.h - sysopt-alloc-in-loop --------------------------===//
//
// Memory allocated and released again on every run of a repeated path
// (principle: removal, method: caching). See docs/checks/alloc-in-loop.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_ALLOCINLOOPCHECK_H
#define SYSOPT_CHECKS_ALLOCINLOOPCHECK_H

#include "RepeatedPathCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <string>
#include <vector>

namespace sysopt {

struct RegionFacts;

class AllocInLoopCheck : public RepeatedPathCheck {
public:
  AllocInLoopCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  ~AllocInLoopCheck() override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void endTranslationUnit() override;
  RegionFacts &factsFor(const clang::Stmt *Region, clang::ASTContext &Ctx);

  const uint64_t MinHostBytes;
  llvm::DenseSet<clang::SourceLocation> Reported;
  llvm::DenseMap<const clang::Stmt *, std::unique_ptr<RegionFacts>> Regions;
};

} // namespace sysopt

#endif
