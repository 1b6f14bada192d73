//===- LastUse.h - is this the last use of a local variable? --------------===//
//
// A copy made from a local at its last use can be a move. Moving keeps
// behaviour only when nothing observes the moved-from object afterwards:
// no path from the use reaches another reference to it (before it is
// declared anew or assigned as a whole), and no other name (a reference, a
// pointer, an iterator, a view, a by-reference capture) can reach it.
// The paths come from clang's CFG, built once per function body and only for
// candidates.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_LASTUSE_H
#define SYSOPT_LASTUSE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "sysopt/UsageAnalysis.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>

namespace sysopt {

class LastUseAnalysis {
public:
  /// Whether `Use` (an lvalue that names the local `Var` or a member path
  /// rooted at it, `v` or `v.a.b`) is the last use of `Var`: moving from it
  /// there keeps behaviour. False when unsure: `Var` is static, a
  /// reference, const, captured by reference, or reachable through another
  /// name; `Use` is in a nested lambda, in a try block, or shares its full
  /// expression with another reference to `Var`.
  bool isLastUse(const clang::VarDecl &Var, const clang::Expr &Use,
                 clang::ASTContext &Ctx);

  /// Forget the graphs of the translation unit.
  void reset() {
    Graphs.clear();
    References.reset();
  }

private:
  using Pos = std::pair<const clang::CFGBlock *, unsigned>;
  /// A function's graph, where each of its elements sits, and what each
  /// variable's candidates ask about it: built once per function, so that a
  /// question costs what the variable's own references cost.
  struct Graph {
    std::unique_ptr<clang::CFG> G;
    llvm::DenseMap<const clang::Stmt *, Pos> Position;
    /// Where each variable is declared, and captured by copy.
    llvm::DenseMap<const clang::VarDecl *, llvm::SmallVector<Pos, 1>> Declared,
        CapturedByCopy;
  };
  const Graph *graphFor(const clang::FunctionDecl &Fn, clang::ASTContext &Ctx);
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<Graph>> Graphs;
  /// Every variable's references in each function body.
  ReferenceIndex References;
};

/// Whether moving an object of type `T` is cheaper than copying it: a class
/// that is not trivially copyable, with a move constructor (`Assign`: a move
/// assignment) that is declared, or implicitly declarable, and not deleted.
bool isCheaperToMove(clang::QualType T, bool Assign);

/// Whether `Fn`, whose parameter `Index` is `const T &`, has a sibling
/// overload (the same name in the same scope) taking `T &&` there and the
/// same types elsewhere: an rvalue argument would select it. Covers the
/// standard containers' push_back and insert, and user setters with both.
bool hasRvalueOverload(const clang::FunctionDecl &Fn, unsigned Index);

} // namespace sysopt

#endif
