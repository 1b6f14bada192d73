//===- RedundantCopyCheck.h - sysopt-redundant-copy -----------------------===//
//
// Deep copies that the code never needs (principle: removal). See
// docs/checks/redundant-copy.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_REDUNDANTCOPYCHECK_H
#define SYSOPT_CHECKS_REDUNDANTCOPYCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "sysopt/CopyCost.h"
#include "sysopt/DeferredMatches.h"
#include "sysopt/HotPathFilter.h"
#include "sysopt/LastUse.h"
#include "sysopt/SideEffects.h"
#include "sysopt/UsageAnalysis.h"
#include "sysopt/UserCode.h"

namespace sysopt {

class RedundantCopyCheck : public clang::tidy::ClangTidyCheck {
public:
  RedundantCopyCheck(llvm::StringRef Name,
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
  void checkLocalCopy(const clang::VarDecl &Copy, const clang::DeclStmt &Decl,
                      const clang::Expr &Source, clang::ASTContext &Ctx);
  void checkRangeForCopy(const clang::CXXForRangeStmt &Loop,
                         clang::ASTContext &Ctx);
  void checkClone(const clang::VarDecl &Copy, const clang::DeclStmt &Decl,
                  const clang::CXXMemberCallExpr &Clone,
                  clang::ASTContext &Ctx);
  void checkValueParams(const clang::FunctionDecl &Fn, clang::ASTContext &Ctx);
  /// Copies made from a local at its last use (`push_back(v)`, `x.f = v`,
  /// `f(v)` by value, `return {v}`): move instead.
  void checkLastUseCopies(const clang::Expr &Site, clang::ASTContext &Ctx);
  struct LastUseFinding {
    const clang::Expr *Arg;
    const clang::VarDecl *Var;
    /// The callee a reference binds to, for the message; null for copy
    /// constructions and assignments.
    const clang::FunctionDecl *Callee;
    bool Assign;
    HotPathFilter::Where Where;
    /// The parameter whose const-reference finding makes this one moot.
    const clang::ParmVarDecl *Blocker;
  };
  void reportLastUse(const LastUseFinding &F, clang::ASTContext &Ctx);
  /// Whether a call in the translation unit reaches `Fn` (or an entry
  /// point binds it, or a call of a method it overrides dispatches to it).
  bool isCalledHere(const clang::FunctionDecl &Fn);
  void checkTensorRoundTrip(const clang::CXXMemberCallExpr &ToDevice,
                            clang::ASTContext &Ctx);
  void checkMemcpyRoundTrips(const clang::CompoundStmt &Block,
                             clang::ASTContext &Ctx);
  bool isExpensive(clang::QualType T, const clang::ASTContext &Ctx);
  /// Whether the stock check `Name`, which proposes the same edit, is
  /// enabled: the finding stays, the edit is left to it (two edits of one
  /// declaration would be applied twice).
  bool editLeftTo(llvm::StringRef Name) const;
  /// The note saying why a finding has no fix.
  void noteNoFix(clang::SourceLocation Finding,
                 const std::optional<SideEffects::Change> &Change,
                 llvm::StringRef StockCheck);
  /// By-value parameters, once every use of their function is known.
  void reportValueParams();
  /// Where the code at `S` of `Fn` runs (S nullptr: the whole function), or
  /// nullopt when it is below the Hotness bar (HotPathFilter.h).
  std::optional<HotPathFilter::Where> hotWhere(const clang::Stmt *S,
                                               const clang::Decl &Inside);
  /// The notes that say where a finding runs.
  void noteWhere(const HotPathFilter::Where &W);

  const std::string ExpensiveTypes;
  const std::string CheapTypes;
  const std::string AllowedTypes;
  const unsigned SizeThreshold;
  const std::string UserHeaderRegex;
  const std::string SetupFunctions;
  const std::string EntryPoints;
  const unsigned CallDepth;
  /// Report by-value parameters of functions no call here reaches.
  const bool UncalledParameters;
  /// Also report last-use copies per call of functions that no call in the
  /// translation unit reaches (API functions called from elsewhere).
  const bool UncalledLastUses;

  CopyCostModel Costs;
  UserCodeFilter UserCode;
  HotPathFilter Hot;
  DeferredMatches Deferred;
  LastUseAnalysis LastUse;
  ReferenceIndex References;

  /// By-value parameters are reported at the end of the translation unit,
  /// once every use of their function (address taken, other declarations)
  /// has been seen.
  struct ParamFinding {
    const clang::ParmVarDecl *Param;
    const clang::FunctionDecl *Fn;
    unsigned Index;
    std::optional<SideEffects::Change> Change;
    HotPathFilter::Where Where;
  };
  std::vector<ParamFinding> PendingParams;
  /// Last-use copies from, or into, a by-value parameter that the by-value
  /// rule may report: its const reference (which saves the caller's copy
  /// too) would leave a move from, or into, a const reference.
  std::vector<LastUseFinding> PendingLastUse;
  /// Local copies reported as better bound to a const reference.
  llvm::SmallPtrSet<const clang::VarDecl *, 8> ReferencedCopies;
  clang::ASTContext *Ctx = nullptr;
  clang::tidy::ClangTidyContext *TidyContext;
  std::optional<SideEffects> Effects;
};

} // namespace sysopt

#endif
