//===- RepeatedContext.h - where does this code run repeatedly ------------===//
//
// The analysis every loop-shaped check shares. A statement is *repeated*
// when it runs more than once per run of the code around it:
//   - in the body, condition or increment of a `for`, range-for, `while` or
//     `do` loop (not a `do { } while (0)` macro body, not a `for` init);
//   - in a function or lambda that such a loop reaches through calls of this
//     translation unit's user code, up to a depth (default 2);
//   - in a lambda handed to a standard algorithm that calls it per element
//     (std::for_each, std::transform, ...: Role::PerElement of the API
//     table), or in a function such a lambda calls;
//   - in an entry point called once per step from code the translation unit
//     cannot see: a function bound to Python with pybind11 (`m.def("f",
//     &f)`, `.def("forward", &Module::forward)`) or registered as a torch
//     operator (`m.impl("op", &op)`), or a function an option names.
// Template instantiations are part of the call graph: a loop in one function
// that calls a function template reaches the instantiation it calls.
//
// The call graph is built once per translation unit, over user code only,
// on the first question (checks ask only when they have a candidate).
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_REPEATEDCONTEXT_H
#define SYSOPT_REPEATEDCONTEXT_H

#include "sysopt/AnalysisScope.h"
#include "sysopt/UserCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sysopt {

/// Why a statement or a function runs repeatedly.
struct RepeatPath {
  enum class Kind {
    Loop,       ///< `Loop` repeats it
    PerElement, ///< `Algorithm` calls it per element
    EntryPoint, ///< `Binding` registers the outermost function as an entry point
    External,   ///< another translation unit repeats `Outer` (CrossUnit.h)
  };
  Kind K = Kind::Loop;
  /// The loop (Kind::Loop), else nullptr.
  const clang::Stmt *Loop = nullptr;
  /// The algorithm call (Kind::PerElement), or the registration (a pybind11
  /// `def`, a torch `impl`; nullptr for an entry point named by an option).
  const clang::Expr *Origin = nullptr;
  /// The function that holds the loop, the algorithm call, or the outermost
  /// function (Kind::EntryPoint).
  const clang::FunctionDecl *Outer = nullptr;
  /// The calls from there down to the function holding the statement,
  /// outermost first; empty when the statement is in the loop itself.
  llvm::SmallVector<const clang::CallExpr *, 2> Calls;
  /// Kind::External: how the other units reach `Outer`, as sysopt-scan's
  /// whole-program pass found it ("in a loop at a.cpp:12 in 'run', through
  /// 'step'").
  std::string External;
};

/// One translation unit's calls between user functions.
class CallGraph {
public:
  struct Site {
    const clang::CallExpr *Call;
    const clang::FunctionDecl *Caller;
    /// The innermost repeating loop of the caller around the call.
    const clang::Stmt *Loop;
    /// The per-element algorithm call that receives the callee (a lambda).
    const clang::Expr *Algorithm;
  };

  CallGraph(clang::ASTContext &Ctx, UserCodeFilter &UserCode,
            const FunctionNameList &EntryPoints);
  ~CallGraph();

  /// The call sites of `FD` (any redeclaration) in user code.
  llvm::ArrayRef<Site> callersOf(const clang::FunctionDecl &FD);
  /// The registration that makes `FD` an entry point: a pybind11 `def` or
  /// torch `impl`/`def` call, or nullptr (also for one the option names:
  /// see isEntryPoint).
  const clang::Expr *bindingOf(const clang::FunctionDecl &FD);
  bool isEntryPoint(const clang::FunctionDecl &FD);

  /// Every call site by callee (canonical declaration), and every binding:
  /// what the whole-program summary exports (CrossUnit.h).
  const llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<Site, 2>> &
  allCallers() {
    build();
    return Callers;
  }
  const llvm::DenseMap<const clang::FunctionDecl *, const clang::Expr *> &allBindings() {
    build();
    return Bindings;
  }
  /// The user functions with a body the graph walked (not lambdas).
  llvm::ArrayRef<const clang::FunctionDecl *> definedFunctions() {
    build();
    return Defined;
  }

private:
  void build();
  clang::ASTContext &Ctx;
  UserCodeFilter &UserCode;
  const FunctionNameList &EntryPoints;
  bool Built = false;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<Site, 2>> Callers;
  llvm::DenseMap<const clang::FunctionDecl *, const clang::Expr *> Bindings;
  std::vector<const clang::FunctionDecl *> Defined;
};

/// Walks from `S` up to the body of `Fn`, through the declarations whose
/// initialiser it is, not past a lambda's body; returns the first enclosing
/// statement `Stop(Parent, Child)` accepts, or nullptr. `Child` is the
/// statement the walk came from (for a declaration's initialiser, the
/// initialiser).
const clang::Stmt *
findEnclosing(const clang::Stmt &S, const clang::FunctionDecl &Fn, clang::ASTContext &Ctx,
              llvm::function_ref<bool(const clang::Stmt &Parent, const clang::Stmt *Child)> Stop);

/// The innermost loop of `Fn` around `S` that repeats it (see above), or
/// nullptr. Looks through `do { } while (0)`; stops at `Fn`'s body and at
/// lambda bodies.
const clang::Stmt *enclosingRepeatingLoop(const clang::Stmt &S,
                                          const clang::FunctionDecl &Fn,
                                          clang::ASTContext &Ctx);

/// Why `S`, a statement of `Fn`, runs repeatedly: its own loop, else the
/// shortest path from a loop, a per-element algorithm or an entry point
/// through at most `MaxDepth` calls, else a path through other translation
/// units that sysopt-scan's whole-program pass handed in (CrossUnit.h).
/// nullopt when none is seen.
std::optional<RepeatPath> whyRepeated(const clang::Stmt &S,
                                      const clang::FunctionDecl &Fn,
                                      CallGraph &Graph, unsigned MaxDepth);
/// The same for a whole function (ignoring loops inside it).
std::optional<RepeatPath> whyFunctionRepeated(const clang::FunctionDecl &Fn,
                                              CallGraph &Graph,
                                              unsigned MaxDepth);

/// The words of an identifier, lower case, split at `_`, digits and case
/// changes: "prepareRowMappings" -> prepare, row, mappings; "LoadHTTPConfig"
/// -> load, http, config.
llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Name);

/// Whether `Fn` evidently runs once per process or per object rather than
/// per step, so that a cost it pays once is not worth a change: `main`,
/// constructors and destructors, functions named with one of `SetupWords`
/// (identifierWords of the function's or, for a lambda, of nothing), and
/// functions whose callers in this translation unit are all such functions
/// and call them outside loops (up to `MaxDepth` levels up). Functions with
/// no visible caller are not setup: a library's per-request method is called
/// from elsewhere.
/// The default of the checks' SetupFunctions option.
inline constexpr llvm::StringLiteral DefaultSetupWords =
    "init;initialize;initialise;load;setup;create;open;register;configure;config;warmup;"
    "test;benchmark;print;dump;debug";
/// A `;`-separated word list, lower-cased.
std::vector<std::string> splitSetupWords(llvm::StringRef List);

/// With `MainIsSetup` false, `main` and what only it calls are not setup:
/// for a loop inside them, the program's own loop.
bool isSetupFunction(const clang::FunctionDecl &Fn, CallGraph &Graph,
                     llvm::ArrayRef<std::string> SetupWords, unsigned MaxDepth = 3,
                     bool MainIsSetup = true);

/// The argument a call passes for `Param` (nullptr for a default argument
/// or a variadic position).
const clang::Expr *argumentFor(const clang::CallExpr &Call,
                               const clang::ParmVarDecl &Param);

/// The notes that explain a path, outermost first: the loop ("in this
/// loop"), the algorithm or the binding, then each call on the way.
void describePath(const RepeatPath &Path, const clang::SourceManager &SM,
                  llvm::function_ref<void(clang::SourceLocation, llvm::StringRef,
                                          const clang::NamedDecl *)>
                      Note);

/// Whether an expression of the innermost function on a path has the same
/// value every time the path runs it: constants; the function's parameters
/// when it never assigns them and the caller passes an invariant argument
/// (mapped up the chain of calls); at the loop, what LoopInvariance says;
/// locals that are const with an invariant initialiser, or that only a
/// device query writes (`cudaGetDevice(&device)`). Anything else, notably
/// members and globals reached through calls, is not invariant.
class PathInvariance {
public:
  PathInvariance(const RepeatPath &Path, const clang::FunctionDecl &Inner,
                 clang::ASTContext &Ctx);
  ~PathInvariance();
  bool isInvariant(const clang::Expr *E) { return isInvariantAt(E, Levels.size() - 1); }

private:
  bool isInvariantAt(const clang::Expr *E, size_t Level);
  const RepeatPath &Path;
  clang::ASTContext &Ctx;
  /// The function at each level: Path.Outer, then each call's callee.
  llvm::SmallVector<const clang::FunctionDecl *, 3> Levels;
  std::unique_ptr<class LoopInvariance> Loop;
};

/// Whether a local variable of `Fn` is only read, except for being handed
/// by address to a device query of the API table (`cudaGetDevice(&d)`).
bool isQueryResultOrConstant(const clang::VarDecl &VD, const clang::FunctionDecl &Fn);

} // namespace sysopt

#endif
