//===- LoopAnalysis.h - what stays the same across a loop's iterations ----===//
//
// Invariance, the way the hoisting checks need it: an expression is invariant
// when it is built from constants and from variables declared outside the
// loop that nothing in the loop (condition, increment, body) modifies, as
// clang's ExprMutationAnalyzer sees it: directly, through references or
// pointers, or by passing them to a call that takes them by non-const
// reference or pointer. Pointer arguments are invariant only when the loop
// writes through no pointer at all (the pointee may be aliased). When unsure,
// the answer is "not invariant".
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_LOOPANALYSIS_H
#define SYSOPT_LOOPANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>

namespace sysopt {

class VariableUses;

/// Registers the loop-first matchers the loop checks share: every for,
/// while, do and range-for loop outside system headers, bound to `LoopId`.
/// One match per loop; no parent relation (the enclosing function is found
/// when the match is analyzed, see DeferredMatches.h).
void addLoopMatchers(clang::ast_matchers::MatchFinder &Finder,
                     clang::ast_matchers::MatchFinder::MatchCallback *Check,
                     llvm::StringRef LoopId);

/// The body of a for, while, do or range-for loop (nullptr for other
/// statements), and its condition (nullptr for range-for).
const clang::Stmt *loopBody(const clang::Stmt &Loop);
const clang::Expr *loopCondition(const clang::Stmt &Loop);

/// The calls a loop makes at its own level: in its condition (for, while)
/// and the rest (increment, body, do-while condition). Nested loops are
/// left to their own analysis (except those that run at most once), and lambda bodies run whenever the lambda is
/// called, not per iteration. A for loop's init runs once and is skipped.
struct LoopCalls {
  llvm::SmallVector<const clang::CallExpr *, 4> InCondition;
  llvm::SmallVector<const clang::CallExpr *, 8> Elsewhere;
};
LoopCalls collectLoopCalls(const clang::Stmt &Loop, const clang::ASTContext &Ctx);

/// `do { ... } while (0)` (the body of CUDA_CHECK-style macros) and loops
/// whose condition is constant false: not loops for the loop checks, which
/// skip them and look through them from the enclosing loop.
bool runsAtMostOnce(const clang::Stmt &Loop, const clang::ASTContext &Ctx);

/// The variables a loop steps by the same amount on every iteration: locals
/// declared before the loop, of integer or pointer type, whose only writes in
/// the loop are `++v`, `v++`, `--v`, `v--`, `v += e` or `v -= e` with `e`
/// invariant, in the increment of a `for` (`++i, p += stride`) or as a
/// statement of the body's top level (`off += chunk;` in a while loop), once
/// per iteration. Everything else they do in the loop is read. A `for`'s own
/// counter declared in its init is not listed (the checks know it already).
llvm::SmallVector<const clang::VarDecl *, 2>
inductionVariables(const clang::Stmt &Loop, clang::ASTContext &Ctx);

/// A visitor that knows how many repeating loops of the function surround
/// the node it visits (`Loops`; `do { } while (0)` does not count) and does
/// not enter lambda bodies, which run when called.
template <typename Derived>
class LoopDepthVisitor : public clang::RecursiveASTVisitor<Derived> {
public:
  explicit LoopDepthVisitor(const clang::ASTContext &Ctx) : Ctx(Ctx) {}
  bool TraverseLambdaExpr(clang::LambdaExpr *) { return true; }
  bool TraverseForStmt(clang::ForStmt *S) { return traverseLoop(S); }
  bool TraverseWhileStmt(clang::WhileStmt *S) { return traverseLoop(S); }
  bool TraverseDoStmt(clang::DoStmt *S) { return traverseLoop(S); }
  bool TraverseCXXForRangeStmt(clang::CXXForRangeStmt *S) { return traverseLoop(S); }

protected:
  const clang::ASTContext &Ctx;
  unsigned Loops = 0;

private:
  bool traverseLoop(clang::Stmt *S) {
    bool Counts = !runsAtMostOnce(*S, Ctx);
    Loops += Counts;
    bool Continue = true;
    for (clang::Stmt *Child : S->children())
      if (Child && Continue)
        Continue = static_cast<Derived *>(this)->TraverseStmt(Child);
    Loops -= Counts;
    return Continue;
  }
};

/// Whether every use of the pointer parameter `P` in the body of `Fn` hands
/// it (or an offset of it) to device work: a kernel launch, a GPU call of the
/// API table, or a function of this translation unit that does the same (up
/// to `Depth` more levels); or only compares it. The host then reads and
/// writes nothing through it.
bool parameterOnlyReachesDevice(const clang::ParmVarDecl &P,
                                const clang::FunctionDecl &Fn, unsigned Depth);

class LoopInvariance {
public:
  LoopInvariance(const clang::Stmt &Loop, clang::ASTContext &Ctx);
  ~LoopInvariance();

  /// Whether `E` evaluates to the same value on every iteration.
  bool isInvariant(const clang::Expr *E);

  /// Whether a variable declared outside the loop is never modified in it.
  bool isUnmodified(const clang::VarDecl *VD);

  /// Whether `E` names the same address on every iteration: a pointer (or
  /// array) variable that the loop never reassigns, whatever it does with
  /// the memory behind it; otherwise isInvariant(E).
  bool isSameAddress(const clang::Expr *E);

  /// Whether the loop writes memory the compiler cannot keep apart from
  /// other memory: through pointers, array elements, references, members,
  /// non-const member calls, or non-const pointer/reference arguments.
  bool writesThroughPointers();

  /// Whether the loop calls a function whose body the compiler cannot see
  /// (declared only, virtual, or through a pointer) and that is not known to
  /// only read memory. Either this or writesThroughPointers() keeps LLVM's
  /// loop-invariant code motion from hoisting a read-only call (see
  /// docs/checks/hoistable-computation.md).
  bool callsOpaqueFunctions();

  /// Whether the loop provably runs its body at least once: do-while,
  /// `for (int i = A; i < B; ...)` with constants A < B, `while (true)`.
  bool runsAtLeastOnce();

  /// Whether `D` is declared inside the loop.
  bool declaredInside(const clang::Decl *D) const;

  /// Whether `VD`, declared inside the loop, keeps the value of its
  /// initialiser for the rest of the iteration (a local the loop body never
  /// assigns, increments or hands out by non-const reference or address).
  bool isUnchangedAfterInit(const clang::VarDecl *VD);

  /// Whether the loop leaves the field `FD` of `*this` alone: no write to
  /// `this->FD` (or a member of it), no non-const member function called on
  /// `*this`, and `this` not handed to anything (arguments, lambda captures).
  bool isFieldOfThisUnmodified(const clang::FieldDecl *FD);

private:
  /// Whether the loop leaves the field of a local struct alone, whatever it
  /// does to the struct's other fields.
  bool isFieldOfLocalUnmodified(const clang::MemberExpr &ME);

  /// Whether every use of the object `VD` in the loop calls a const member
  /// function or an accessor with a const twin (`data()`).
  bool isOnlyAccessed(const clang::VarDecl *VD);

  /// Every variable's uses in the loop, counted in one walk on first need,
  /// so that a variable the loop only reads (`strlen(s)` 2,000 times) needs
  /// no ExprMutationAnalyzer query, whose cost grows with the uses times the
  /// loop's size.
  const VariableUses &uses();


  const clang::Stmt &Loop;
  clang::ASTContext &Ctx;
  std::unique_ptr<clang::ExprMutationAnalyzer> Analyzer;
  std::unique_ptr<VariableUses> Uses;
  llvm::DenseMap<const clang::VarDecl *, bool> Unmodified;
  llvm::DenseMap<const clang::FieldDecl *, bool> UnmodifiedFields;
  llvm::DenseMap<const clang::VarDecl *, bool> AddressStays;
  std::optional<bool> ThisEscapes;
  std::optional<bool> PointerWrites, OpaqueCalls;
};

} // namespace sysopt

#endif
