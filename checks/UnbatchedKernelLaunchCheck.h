//===- UnbatchedKernelLaunchCheck.h - sysopt-unbatched-kernel-launch ------===//
//
// Loops that pay a kernel launch, a transfer, a GEMM or a collective per
// iteration where one batched operation would pay the fixed cost once
// (principle: reordering, method: batching). Runs on C host code too (C
// projects call cudaMemcpy, cuBLAS and NCCL the same way). See
// docs/checks/unbatched-kernel-launch.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_UNBATCHEDKERNELLAUNCHCHECK_H
#define SYSOPT_CHECKS_UNBATCHEDKERNELLAUNCHCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/ApiModels.h"
#include "sysopt/DeferredMatches.h"
#include "sysopt/UserCode.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace sysopt {

class UnbatchedKernelLaunchCheck : public clang::tidy::ClangTidyCheck {
public:
  UnbatchedKernelLaunchCheck(llvm::StringRef Name,
                             clang::tidy::ClangTidyContext *Context);
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
  struct Loop;
  void checkLaunch(const clang::CallExpr &Call, llvm::ArrayRef<const clang::Expr *> Config,
                   llvm::ArrayRef<const clang::Expr *> Args,
                   const clang::FunctionDecl *Kernel, Loop &L,
                   api::Role Role = api::Role::Launch);
  void checkTransfer(const clang::CallExpr &Call, Loop &L);
  void checkGemm(const clang::CallExpr &Call, Loop &L);
  void checkCollectives(llvm::ArrayRef<const clang::CallExpr *> Calls, Loop &L);
  /// The batchable operation a function of this translation unit issues on
  /// every call that reaches it: not inside a loop of its own (branches may
  /// skip it), in its body or in a function it calls, up to CallDepth calls
  /// from the loop. `Via` holds the calls between the function and the
  /// operation.
  struct Operation {
    const clang::CallExpr *Op = nullptr;
    api::Role Role = api::Role::None;
    llvm::SmallVector<const clang::CallExpr *, 2> Via;
  };
  const Operation *operationOf(const clang::FunctionDecl *FD, unsigned Depth);
  api::Role roleOf(const clang::CallExpr &Call) const;
  void checkOneCallDeep(const clang::CallExpr &Call, const Operation &Inner,
                        Loop &L);
  void checkTensorSlices(llvm::ArrayRef<const clang::CallExpr *> Calls, Loop &L);
  llvm::DenseMap<const clang::FunctionDecl *, std::optional<Operation>> OperationCache;
  /// Template loops already analyzed in an earlier instantiation.
  llvm::DenseSet<clang::SourceLocation> InstantiatedLoops;

  const unsigned MinTripCount;
  const bool WarnOnUnknownTripCount;
  const std::string LaunchWrappers;
  const std::string ApiWrappersOption;
  const std::string UserHeaderRegex;
  const unsigned CallDepth;
  FunctionNameList Wrappers;
  api::WrapperRoles ApiWrappers;
  UserCodeFilter UserCode;
  DeferredMatches Deferred;
};

} // namespace sysopt

#endif
