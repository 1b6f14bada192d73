//===- DeferredMatches.h - analyze matches with a user-code parent map ----===//
//
// clang's parent map (getParents, hasParent/hasAncestor, and the
// ExprMutationAnalyzer built on them) covers the whole translation unit the
// first time anybody asks: about 1.2 s and 270 MB on a file that includes
// torch/torch.h, and most of the cost of a check that asks. clangd avoids it
// by limiting the AST's traversal scope to the main file's declarations.
//
// A check does the same here: during matching it only records its matches
// (the matchers themselves use no parent relation); at the end of the
// translation unit it analyzes them with the traversal scope limited to the
// user's top-level declarations (main file and project headers, see
// UserCode.h), then restores the scope. Findings are only reported in user
// code, so nothing the analysis needs lies outside that scope; what does
// (a callee in a third-party header) has no parents there, and the
// analyses treat a missing parent as "unknown" and stay silent.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_DEFERREDMATCHES_H
#define SYSOPT_DEFERREDMATCHES_H

#include "sysopt/UserCode.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <vector>

namespace sysopt {

class DeferredMatches {
public:
  using MatchResult = clang::ast_matchers::MatchFinder::MatchResult;

  void add(const MatchResult &Result);

  /// Runs `Analyze` on every recorded match, then `Finally`, with the parent
  /// map limited to the user's code; forgets the matches. A translation unit
  /// with errors analyzes nothing.
  void replay(UserCodeFilter &UserCode,
              llvm::function_ref<void(const MatchResult &)> Analyze,
              llvm::function_ref<void(clang::ASTContext &)> Finally = {});

private:
  std::vector<clang::ast_matchers::BoundNodes> Matches;
  clang::ASTContext *Ctx = nullptr;
};

/// The function, method or lambda call operator whose body holds `S`
/// (what the `forCallable` matcher finds), or nullptr.
const clang::FunctionDecl *enclosingCallable(const clang::Stmt &S,
                                             clang::ASTContext &Ctx);

} // namespace sysopt

#endif
