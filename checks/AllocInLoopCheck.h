//===- AllocInLoopCheck.h - sysopt-alloc-in-loop --------------------------===//
//
// Memory allocated and released again on every run of a repeated path
// (principle: removal, method: caching). See docs/checks/alloc-in-loop.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_ALLOCINLOOPCHECK_H
#define SYSOPT_CHECKS_ALLOCINLOOPCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/DeferredMatches.h"
#include "sysopt/RepeatedContext.h"
#include "sysopt/UserCode.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <string>
#include <vector>

namespace sysopt {

struct RegionFacts;

class AllocInLoopCheck : public clang::tidy::ClangTidyCheck {
public:
  AllocInLoopCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  ~AllocInLoopCheck() override;
  bool isLanguageVersionSupported(const clang::LangOptions &) const override {
    return true; // C host code too
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const clang::SourceManager &SM, clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result);
  RegionFacts &factsFor(const clang::Stmt *Region, clang::ASTContext &Ctx);

  const std::string UserHeaderRegex;
  const unsigned CallDepth;
  const std::string EntryPointsOption;
  const uint64_t MinHostBytes;
  const std::string SetupFunctionsOption;
  std::vector<std::string> SetupWords;
  FunctionNameList EntryPoints;
  UserCodeFilter UserCode;
  DeferredMatches Deferred;
  std::unique_ptr<CallGraph> Graph;
  llvm::DenseSet<clang::SourceLocation> Reported;
  llvm::DenseMap<const clang::Stmt *, std::unique_ptr<RegionFacts>> Regions;
};

} // namespace sysopt

#endif
