//===- SideEffects.h - what a piece of code may write behind our back -----===//
//
// The aliasing rule every fix-it follows: a fix that makes two names share
// one object (a copy bound as `const &`, a dropped `clone()`), or that
// evaluates an expression earlier (a hoist, a deferred copy), keeps
// behaviour only when nothing in between can write that object through
// another name. This analysis lists what a scope may write outside the
// function's own locals:
//   * writes through references, pointers, globals, static locals and
//     members of `*this` (the object written and its type);
//   * the effects of calls: visible callees are summarised (bounded depth),
//     writes through their reference and pointer parameters are mapped to
//     the arguments; functions of system headers write only what their
//     non-const reference, pointer and iterator arguments reach (and the
//     environment, for setenv and its kin);
//   * calls whose effect cannot be known (a body not in the translation
//     unit, a virtual call, a call through a pointer or a std::function,
//     a callback handed to a library): they may write anything a caller
//     can reach.
// Writes to the function's own non-reference locals are left out: a check
// asks about them by name (findWrite), and nothing else can reach them
// unless their address escapes, which findEscape answers.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_SIDEEFFECTS_H
#define SYSOPT_SIDEEFFECTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <functional>
#include <optional>
#include <vector>

namespace sysopt {

/// One write (or possible write) that code makes outside its own locals.
struct Effect {
  enum KindT {
    Typed,       ///< an object of type `Type` (or a part of one)
    Unknown,     ///< anything a caller can reach
    Environment, ///< the process environment (setenv, putenv, ...)
  } Kind = Unknown;
  /// The statement in the analysed scope: the write, or the call it happens
  /// in.
  const clang::Stmt *Site = nullptr;
  /// The call the write happens in, when it is not written directly.
  const clang::FunctionDecl *Callee = nullptr;
  /// The reference, pointer, global or field written through, when known.
  const clang::ValueDecl *Through = nullptr;
  clang::QualType Type;
};

/// Whether writing an object of type `Written` may change an object of type
/// `Object`: the same type, one is part of the other (fields, bases,
/// elements, template arguments, what pointer members own), or `Written` is
/// a character type, `void` or unknown (it may alias anything).
bool mayAlias(clang::QualType Written, clang::QualType Object,
              clang::ASTContext &Ctx);

class SideEffects {
public:
  explicit SideEffects(clang::ASTContext &Ctx, unsigned Depth = 2)
      : Ctx(Ctx), Depth(Depth) {}

  /// Functions that the user vouches have no side effects (the
  /// ExpensiveFunctions option): their calls write nothing.
  void setEffectFree(std::function<bool(const clang::FunctionDecl &)> Pred) {
    EffectFree = std::move(Pred);
  }

  /// Every write the statements of `Range` (inside the function `Fn`) may
  /// make outside `Fn`'s non-reference locals.
  llvm::SmallVector<Effect, 4> in(llvm::ArrayRef<const clang::Stmt *> Range,
                                  const clang::FunctionDecl *Fn);

  /// The first effect of `Range` that may change an object of type `T`
  /// (an Unknown one always may), or nothing.
  std::optional<Effect> firstChanging(llvm::ArrayRef<const clang::Stmt *> Range,
                                      const clang::FunctionDecl *Fn,
                                      clang::QualType T,
                                      const clang::Stmt *Ignore = nullptr);

  /// The first effect of `Range` that may change the environment (getenv's
  /// answer): an Environment or an Unknown effect.
  std::optional<Effect>
  firstEnvironmentChange(llvm::ArrayRef<const clang::Stmt *> Range,
                         const clang::FunctionDecl *Fn);

  /// An effect, and the input of an expression it may change.
  struct Change {
    Effect What;
    const clang::ValueDecl *Input = nullptr; ///< nullptr: `*this`
    bool Pointee = false;                    ///< what `Input` points to
    /// For a function that may read any memory: the function.
    const clang::FunctionDecl *Reader = nullptr;
  };

  /// The first effect of `Range` that writes memory outside `Fn`'s locals
  /// (any, since a `pure` function may read globals), as a change of what
  /// `Reader` reads.
  std::optional<Change> firstChangingMemory(llvm::ArrayRef<const clang::Stmt *> Range,
                                            const clang::FunctionDecl *Fn,
                                            const clang::FunctionDecl &Reader);

  /// The first effect of `Range` that may change what the expression `E`
  /// reads (its variables and the members of `*this` it names: directly for
  /// references, globals, members and locals whose address escapes `Fn`,
  /// and the pointee for pointers); non-reference locals whose address
  /// never escapes are only changed by name, which the caller checks.
  std::optional<Change> firstChangingInputs(const clang::Expr &E,
                                            llvm::ArrayRef<const clang::Stmt *> Range,
                                            const clang::FunctionDecl *Fn);

  /// For a copy (or a reference that replaces it) of an object of type `T`
  /// reached from the variable `Root` (`Root`, `Root.f`, `Root->f`): the
  /// first effect of `Range` that may change it through another name. A
  /// non-reference local whose address never escapes changes only by name
  /// (the caller's findWrite): nothing then.
  /// `Ignore`: a call whose own writes do not count (a memcpy reading the
  /// copy: its contract forbids overlap of destination and source).
  std::optional<Change> firstChangingSource(const clang::VarDecl &Root,
                                            clang::QualType T,
                                            llvm::ArrayRef<const clang::Stmt *> Range,
                                            const clang::Stmt *Ignore = nullptr);

  /// The same question for one object, named `Input` in messages.
  std::optional<Change> firstChangingObject(const clang::ValueDecl &Input,
                                            clang::QualType T,
                                            llvm::ArrayRef<const clang::Stmt *> Range,
                                            const clang::FunctionDecl *Fn,
                                            const clang::Stmt *Ignore = nullptr);

  /// Whether a write may reach the non-reference local `Var` without naming
  /// it: its address or a reference to it escapes the function body.
  bool escapes(const clang::VarDecl &Var);

  /// A summary of what calling `FD` writes, relative to its parameters.
  struct Summary {
    bool Unknown = false, Environment = false, Done = false;
    /// Parameters (or -1 for `*this`) written through, with the type.
    llvm::SmallVector<std::pair<int, clang::QualType>, 2> Params;
    /// Objects outside the callee written (globals, what its pointers reach).
    llvm::SmallVector<clang::QualType, 2> Outside;
  };

  /// The note every check attaches to a finding whose fix an effect
  /// withholds, placed at the effect: "no fix: 'emit' may modify the data
  /// 's' points to", "no fix: 'reload' may change the environment".
  static std::pair<clang::SourceLocation, std::string>
  noFixNote(const Change &C, const clang::SourceManager &SM,
            bool Environment = false);

private:
  const Summary &summarize(const clang::FunctionDecl &FD, unsigned Level);
  friend class EffectCollector;
  clang::ASTContext &Ctx;
  unsigned Depth;
  llvm::DenseMap<const clang::FunctionDecl *, Summary> Summaries;
  llvm::DenseMap<const clang::VarDecl *, bool> Escapes;
  std::function<bool(const clang::FunctionDecl &)> EffectFree;
  /// The effects of a whole function body, sorted by where they happen: a
  /// query about statements of the body selects from them instead of
  /// walking the statements again (many candidates in one function stay
  /// linear).
  struct Located {
    unsigned Offset;
    Effect E;
  };
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<Located>> BodyEffects;
  const std::vector<Located> *bodyEffects(const clang::FunctionDecl *Fn);
};

} // namespace sysopt

#endif
