//===- MissingCowCheck.h - sysopt-missing-cow -----------------------------===//
//
// Eager deep copies that most executions only read (principle: reordering,
// method: deferral - copy only when a write happens, or share an immutable
// snapshot). See docs/checks/missing-cow.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_MISSINGCOWCHECK_H
#define SYSOPT_CHECKS_MISSINGCOWCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "sysopt/CopyCost.h"
#include "sysopt/DeferredMatches.h"
#include "sysopt/HotPathFilter.h"
#include "sysopt/UsageAnalysis.h"
#include "sysopt/UserCode.h"

namespace sysopt {

class MissingCowCheck : public clang::tidy::ClangTidyCheck {
public:
  MissingCowCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  /// The analysis of one match, run at the end of the translation unit.
  void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result);
  void checkCopy(const clang::VarDecl &Copy, const clang::DeclStmt &Decl,
                 const clang::Expr &Source, clang::ASTContext &Ctx);
  void checkClone(const clang::VarDecl &Copy, const clang::DeclStmt &Decl,
                  const clang::CXXMemberCallExpr &Clone, clang::ASTContext &Ctx);
  void checkLambda(const clang::LambdaExpr &Lambda, const clang::Stmt &Loop,
                   clang::ASTContext &Ctx);
  void checkGetterCall(const clang::CXXMemberCallExpr &Call,
                       const clang::Stmt &Loop, clang::ASTContext &Ctx);
  bool isExpensive(clang::QualType T, const clang::ASTContext &Ctx);
  /// Where `S`, inside `Inside` (a declaration or the function itself), runs,
  /// or nullopt when it is below the Hotness bar (HotPathFilter.h).
  std::optional<HotPathFilter::Where> hotWhere(const clang::Stmt &S,
                                               const clang::Decl *Inside,
                                               clang::ASTContext &Ctx);
  void noteWhere(const HotPathFilter::Where &W, const clang::SourceManager &SM);

  const std::string ExpensiveTypes;
  const std::string CheapTypes;
  const std::string AllowedTypes;
  const unsigned SizeThreshold;
  const unsigned MaxSmallEdits;
  const std::string UserHeaderRegex;
  const std::string SetupFunctions;
  const std::string EntryPoints;
  const unsigned CallDepth;

  CopyCostModel Costs;
  UserCodeFilter UserCode;
  HotPathFilter Hot;
  ReferenceIndex References;
  DeferredMatches Deferred;
  /// Getters already reported (one finding per getter, at its first
  /// read-only call in a loop).
  llvm::DenseSet<const clang::CXXMethodDecl *> ReportedGetters;
};

} // namespace sysopt

#endif
