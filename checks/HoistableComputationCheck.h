//===- HoistableComputationCheck.h - sysopt-hoistable-computation ---------===//
//
// Expensive work repeated on every loop iteration with the same result
// (principle: reordering, method: precomputation; keeping a handle instead
// of re-creating it is removal/caching). See
// docs/checks/hoistable-computation.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_HOISTABLECOMPUTATIONCHECK_H
#define SYSOPT_CHECKS_HOISTABLECOMPUTATIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/CopyCost.h"
#include "sysopt/DeferredMatches.h"
#include "sysopt/RepeatedContext.h"
#include "sysopt/UserCode.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include "llvm/ADT/StringSet.h"

namespace sysopt {

class LoopInvariance;

class HoistableComputationCheck : public clang::tidy::ClangTidyCheck {
public:
  HoistableComputationCheck(llvm::StringRef Name,
                            clang::tidy::ClangTidyContext *Context);
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
  struct LoopContext;
  void checkCall(const clang::CallExpr &Call, LoopContext &L);
  void checkDecl(const clang::DeclStmt &Decl, LoopContext &L);
  void checkToDevice(const clang::CXXMemberCallExpr &Call, LoopContext &L);
  /// An upload of unchanged host memory into a __constant__ symbol; true
  /// when `Call` is such an upload (reported or not).
  bool checkSymbolUpload(const clang::CallExpr &Call, LoopContext &L);
  /// Setup work (device queries, searches, descriptors, regexes) reached
  /// through calls from a loop, an algorithm or an entry point.
  void analyzeSetup(const clang::ast_matchers::MatchFinder::MatchResult &Result);
  void checkSetupCall(const clang::CallExpr &Call, const clang::FunctionDecl &Fn,
                      clang::ASTContext &Ctx);
  void checkRegex(const clang::CXXConstructExpr &Construct,
                  const clang::FunctionDecl &Fn, clang::ASTContext &Ctx);
  void notePath(const RepeatPath &Path, const clang::SourceManager &SM);
  /// Whether a function on the path (or the path's loop) selects a device:
  /// device queries then answer for different devices.
  bool pathSetsDevice(const RepeatPath &Path, const clang::FunctionDecl &Inner);
  llvm::DenseMap<const clang::Stmt *, bool> SetsDevice;
  CallGraph &graph(clang::ASTContext &Ctx);
  void reportHoist(const clang::Expr &Value, llvm::StringRef Message,
                   LoopContext &L, bool MayThrowOrCrash,
                   const clang::NamedDecl *Named);

  const std::string ExpensiveFunctions;
  const std::string UserHeaderRegex;
  const unsigned CallDepth;
  const std::string EntryPointsOption;
  FunctionNameList UserFunctions, EntryPoints;
  std::unique_ptr<CallGraph> Graph;
  /// Locations already reported: a template's instantiations report once.
  llvm::DenseSet<clang::SourceLocation> Reported;
  /// Functions whose handle churn is reported (once, the rest as notes).
  llvm::DenseSet<const clang::FunctionDecl *> ChurningFunctions;
  CopyCostModel Costs;
  UserCodeFilter UserCode;
  DeferredMatches Deferred;
  /// The names the fixes of this run declared, per function: two loops of
  /// one function get two names.
  llvm::DenseMap<const clang::FunctionDecl *, llvm::StringSet<>> HoistedNames;
};

} // namespace sysopt

#endif
