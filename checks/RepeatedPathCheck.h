//===- RepeatedPathCheck.h - base of the checks of repeated paths ---------===//
//
// What every check that asks "does this run on every step" shares: the
// options of the repeated-path analysis (UserHeaderRegex, CallDepth,
// EntryPoints, SetupFunctions), the deferral of matches to the end of the
// translation unit (DeferredMatches), the call graph built on the first
// question, the filter that leaves setup code alone, and the unit's part of
// sysopt-scan's whole-program pass (CrossUnit.h).
//
// A subclass binds its candidate to CandidateId, implements analyze(), and
// stores its own options after calling RepeatedPathCheck::storeOptions.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_REPEATEDPATHCHECK_H
#define SYSOPT_CHECKS_REPEATEDPATHCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/DeferredMatches.h"
#include "sysopt/RepeatedContext.h"
#include "sysopt/UserCode.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sysopt {

class RepeatedPathCheck : public clang::tidy::ClangTidyCheck {
public:
  bool isLanguageVersionSupported(const clang::LangOptions &) const override {
    return true; // C host code too
  }
  void registerPPCallbacks(const clang::SourceManager &SM, clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  /// The node a subclass's matchers bind: deferred when it is in user code.
  static constexpr char CandidateId[] = "candidate";

  RepeatedPathCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  ~RepeatedPathCheck() override;

  /// What every subclass's registerMatchers calls first: error tracking and,
  /// when sysopt-scan asks for the unit's summary (CrossUnit.h), a match on
  /// the translation unit itself.
  void registerBaseMatchers(clang::ast_matchers::MatchFinder &Finder);

  /// One deferred match, analysed with the parent map limited to user code.
  virtual void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result) = 0;
  /// Forgets what a subclass kept for the translation unit.
  virtual void endTranslationUnit() {}

  CallGraph &graph(clang::ASTContext &Ctx);
  /// Why `S` of `Fn` runs on every step: whyRepeated, unless the outermost
  /// function of the path is setup code (main counts as the program's loop).
  std::optional<RepeatPath> repeatedPath(const clang::Stmt &S,
                                         const clang::FunctionDecl &Fn,
                                         clang::ASTContext &Ctx);

  const std::string UserHeaderRegex;
  const unsigned CallDepth;
  const std::string EntryPointsOption;
  const std::string SetupFunctionsOption;
  const std::vector<std::string> SetupWords;
  FunctionNameList EntryPoints;
  UserCodeFilter UserCode;

private:
  DeferredMatches Deferred;
  std::unique_ptr<CallGraph> Graph;
  clang::ASTContext *Unit = nullptr;
};

} // namespace sysopt

#endif
