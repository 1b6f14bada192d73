//===- UsageAnalysis.h - how does a function use a variable? --------------===//
//
// The questions every copy-related check asks about a variable inside a
// scope: is it written, does it escape, is a libtorch tensor ever written
// through it. Mutation itself is clang's ExprMutationAnalyzer; this adds what
// it does not model (escapes, and tensors whose in-place ops are `const`).
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_USAGEANALYSIS_H
#define SYSOPT_USAGEANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include "llvm/ADT/SmallPtrSet.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace sysopt {

/// The parent of `E`, looking through parentheses and implicit nodes that
/// keep the same value (casts, temporaries, cleanups); `Child` receives the
/// last node looked through (also when the parent is a declaration, for
/// which the result is nullptr).
const clang::Stmt *semanticParent(const clang::Stmt *E, clang::ASTContext &Ctx,
                                  const clang::Stmt **Child = nullptr);

/// Whether `Scope` (lambdas included) calls a function, or constructs an
/// object with a constructor, for which `Pred` holds.
bool callsAny(const clang::Stmt &Scope,
              llvm::function_ref<bool(const clang::FunctionDecl &)> Pred);

/// Every reference to `Var` inside `Scope`, lambdas included.
llvm::SmallVector<const clang::DeclRefExpr *, 8>
referencesTo(const clang::VarDecl &Var, const clang::Stmt &Scope,
             clang::ASTContext &Ctx);

/// The first statement in `Scope` that writes `Var` (through any path clang's
/// ExprMutationAnalyzer knows: assignment, non-const member calls, binding to
/// a non-const reference or pointer, std::move), or nullptr.
const clang::Stmt *findMutation(const clang::VarDecl &Var,
                                const clang::Stmt &Scope,
                                clang::ASTContext &Ctx);

/// How a scope uses each variable, in one walk. A reference only reads a
/// variable when its value is read (an lvalue-to-rvalue conversion), it is
/// bound to a `const &` parameter of a call or constructor, or it is the
/// object of a const member function: the forms ExprMutationAnalyzer also
/// counts as reads. Anything else (a capture, `&v`, a non-const reference)
/// does not.
class VariableUses {
public:
  /// With `Only`, the walk looks at that variable alone (cheaper when one
  /// is asked about).
  explicit VariableUses(const clang::Stmt &Scope,
                        const clang::VarDecl *Only = nullptr);
  /// Every reference to `Var` in the scope only reads it (also with none).
  bool onlyRead(const clang::VarDecl &Var) const {
    return !NotOnlyRead.contains(&Var);
  }
  /// An explicit cast (const_cast, C-style, functional) takes `Var` itself.
  bool isCast(const clang::VarDecl &Var) const {
    return CastTaken.contains(&Var);
  }

  /// The scope assigns, increments or decrements the (scalar) `Var`
  /// itself: certainly modified, no further question needed.
  bool isAssigned(const clang::VarDecl &Var) const { return Assigned.contains(&Var); }

private:
  llvm::DenseSet<const clang::VarDecl *> NotOnlyRead, CastTaken, Assigned;
};

/// Whether every reference to `Var` in `Scope` reads its value (an
/// lvalue-to-rvalue conversion; with `DecayIsRead`, an array decaying to a
/// pointer too) or is one of `Allowed`, which the caller has recognised.
bool onlyReadsExcept(const clang::VarDecl &Var, const clang::Stmt &Scope,
                     const llvm::SmallPtrSetImpl<const clang::DeclRefExpr *> &Allowed,
                     bool DecayIsRead = false);

/// Like findMutation, but a read through a non-const accessor of a standard
/// container (`v[i]`, `v.at(i)`, `v.front()` whose result is only read) is
/// a read: clang's analysis counts every non-const member call as a write.
const clang::Stmt *findWrite(const clang::VarDecl &Var, const clang::Stmt &Scope,
                             clang::ASTContext &Ctx);

/// A lambda in `Scope` that captures `Var` by reference (explicitly or by
/// `[&]`), or nullptr.
const clang::LambdaExpr *captureByReference(const clang::VarDecl &Var,
                                            const clang::Stmt &Scope);

/// The first use of `Var` in `Scope` through which it outlives or leaves the
/// scope, or through which code we cannot see gets hold of it: its address
/// taken, a by-reference lambda capture, return or throw, std::ref/cref,
/// std::move/forward, a std::thread/std::async argument, or storage into a
/// member, a global or a container (assignment, push_back, emplace, insert).
const clang::Stmt *findEscape(const clang::VarDecl &Var,
                              const clang::Stmt &Scope,
                              clang::ASTContext &Ctx);

/// For a libtorch tensor variable: the first use that may write its data
/// (in-place ops, out= functions, data_ptr/accessors, indexed assignment,
/// views that are stored or written, calls outside at::/torch::/c10::/std::),
/// or nullptr when every use provably only reads it.
const clang::Expr *findTensorWriteOrAlias(const clang::VarDecl &Var,
                                          const clang::Stmt &Scope,
                                          clang::ASTContext &Ctx);

/// For a tensor-valued expression (a factory call, a `.to()`): the first use
/// of its value that may write it or keep an alias, or nullptr.
const clang::Expr *findTensorWriteFrom(const clang::Expr &E,
                                       clang::ASTContext &Ctx);

/// The first expression inside `Range` (statements of a compound, from
/// `Begin` on) that may write the data of any tensor.
const clang::Expr *findAnyTensorWrite(const clang::Stmt &Root,
                                      clang::ASTContext &Ctx);

/// The local variable or parameter an lvalue expression like `a`, `a.b.c`,
/// `p->f` (p a local pointer or reference) is rooted at; nullptr for anything
/// that involves a call, an index or a global.
const clang::VarDecl *rootVariable(const clang::Expr *E);

/// rootVariable, also through element access of a standard container or a
/// local array (`v[i]`, `v[i][j].f`, `v.at(i)`, `v.front()`, `v.back()`) and
/// through const getters without arguments that return a reference
/// (`cfg.tokens()`): what a copy of an element or a part is taken from.
/// Writes to the root (a push_back, an element assignment) are what may
/// change the source or move it.
const clang::VarDecl *rootVariableThroughElements(const clang::Expr *E);

/// The statements during which a variable declared by `DeclS` is alive: the
/// statements after it in its compound statement, or its whole parent
/// statement when it is not in a compound (if/for/switch initializers).
llvm::SmallVector<const clang::Stmt *, 8>
liveRangeAfter(const clang::Stmt &DeclS, clang::ASTContext &Ctx);

/// The references to each variable of a function body, and the variables
/// its lambdas capture by reference, gathered in one walk per body: what a
/// question per copy would otherwise walk the whole body for.
class ReferenceIndex {
public:
  struct Entry {
    llvm::DenseMap<const clang::VarDecl *,
                   llvm::SmallVector<const clang::DeclRefExpr *, 4>>
        Refs;
    llvm::DenseSet<const clang::VarDecl *> CapturedByRef;
    llvm::ArrayRef<const clang::DeclRefExpr *> refsTo(const clang::VarDecl &V) const {
      auto It = Refs.find(&V);
      return It == Refs.end() ? llvm::ArrayRef<const clang::DeclRefExpr *>()
                              : llvm::ArrayRef<const clang::DeclRefExpr *>(It->second);
    }
  };
  const Entry &of(const clang::Stmt &Body);
  void reset() { Cache.clear(); }

private:
  llvm::DenseMap<const clang::Stmt *, std::unique_ptr<Entry>> Cache;
};

/// liveRangeAfter(DeclS) up to the statement that holds the last of `Refs`
/// (the variable's references): nothing after its last use matters to a
/// question about the variable's copy. All of it when unsure.
llvm::SmallVector<const clang::Stmt *, 8>
liveRangeUntilLastReference(const clang::Stmt &DeclS,
                            llvm::ArrayRef<const clang::DeclRefExpr *> Refs,
                            clang::ASTContext &Ctx);

/// The first write of `Var` (findWrite; for a pointer, also a write through
/// it) in any statement of `Range`, or nullptr.
const clang::Stmt *firstWriteIn(const clang::VarDecl &Var,
                                llvm::ArrayRef<const clang::Stmt *> Range,
                                clang::ASTContext &Ctx);

/// The first escape of `Var` (findEscape) in any statement of `Range`.
const clang::Stmt *firstEscapeIn(const clang::VarDecl &Var,
                                 llvm::ArrayRef<const clang::Stmt *> Range,
                                 clang::ASTContext &Ctx);

/// The body of the function `Var` is declared in, or nullptr.
const clang::Stmt *enclosingFunctionBody(const clang::VarDecl &Var);

} // namespace sysopt

#endif
