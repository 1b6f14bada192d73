//===- PageableAsyncCopyCheck.h - sysopt-pageable-async-copy --------------===//
//
// An asynchronous copy whose host side is pageable memory runs synchronously
// with the host (principle: replacement, method: specialization). See
// docs/checks/pageable-async-copy.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_PAGEABLEASYNCCOPYCHECK_H
#define SYSOPT_CHECKS_PAGEABLEASYNCCOPYCHECK_H

#include "RepeatedPathCheck.h"
#include "sysopt/HostMemory.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>

namespace sysopt {

class PageableAsyncCopyCheck : public RepeatedPathCheck {
public:
  PageableAsyncCopyCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RepeatedPathCheck(Name, Context) {}
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;

private:
  void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void endTranslationUnit() override {
    Memory.reset();
    Reported.clear();
  }
  /// Follows the host pointer `Arg` of `Fn` to where its memory comes from,
  /// up through the callers when it is a parameter; `Chain` holds the calls
  /// from the current level down to the copy.
  void trace(const clang::Expr *Arg, const clang::FunctionDecl &Fn, bool IntoHost,
             const clang::CallExpr &Copy, llvm::SmallVectorImpl<const clang::CallExpr *> &Chain,
             unsigned Depth, clang::ASTContext &Ctx);
  void report(const HostOrigin &O, const clang::FunctionDecl &Fn, bool IntoHost,
              const clang::CallExpr &Copy, llvm::ArrayRef<const clang::CallExpr *> Chain,
              clang::ASTContext &Ctx);

  std::unique_ptr<HostMemory> Memory;
  llvm::DenseSet<clang::SourceLocation> Reported;
  /// The variables and members the host side of the copy being traced
  /// names (a read of one of them after the copy is a read of the copy).
  llvm::SmallPtrSet<const clang::ValueDecl *, 4> HostArgDecls;
};

} // namespace sysopt

#endif
