//===- HotPathFilter.h - is this code worth a change, and where it runs ---===//
//
// The copy checks report code wherever it runs, but not code that runs once
// per process or object: a copy in a constructor, a destructor, `main`, or a
// start-up/shutdown function (SetupFunctions) saves nothing worth an edit.
// Their Hotness option sets the bar:
//   repeated  only code that runs repeatedly (RepeatedContext.h): in a loop,
//             reached from one through calls, per element of an algorithm,
//             or in an entry point (pybind11, torch operators, EntryPoints);
//   per-call  also code that runs once per call of a function nothing shows
//             to be setup (the default: a library's per-request method is
//             called from elsewhere);
//   all       everything, setup code included.
// Each finding then says where it runs: the path from the loop (notes at
// the loop and each call), or once per call of its function.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_HOTPATHFILTER_H
#define SYSOPT_HOTPATHFILTER_H

#include "sysopt/RepeatedContext.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sysopt {

/// The function a lambda's body belongs to (through nested lambdas), or
/// `Fn` itself: a copy in a lambda a constructor runs is the constructor's,
/// and a lambda is called where its function is.
const clang::FunctionDecl *lambdaOwner(const clang::FunctionDecl &Fn);

class HotPathFilter {
public:
  enum class Level { Repeated, PerCall, All };
  /// The option values, in the order of Level.
  static constexpr const char *LevelNames[] = {"repeated", "per-call", "all"};

  HotPathFilter(llvm::StringRef Hotness, llvm::StringRef SetupFunctions,
                llvm::StringRef EntryPoints, unsigned CallDepth,
                UserCodeFilter &UserCode);
  ~HotPathFilter();

  /// Configuration errors ("invalid Hotness 'x'; ..."), for configurationDiag.
  const std::vector<std::string> &errors() const { return Errors; }

  /// Where code runs, when it clears the bar.
  struct Where {
    /// Why it runs repeatedly; nullopt: once per call of `Fn`.
    std::optional<RepeatPath> Path;
    const clang::FunctionDecl *Fn = nullptr;
  };
  /// For the statement `S` of `Fn` (nullptr: `Fn` as a whole, e.g. for its
  /// parameters): where it runs, or nullopt when it is below the bar.
  std::optional<Where> where(const clang::Stmt *S, const clang::FunctionDecl &Fn,
                             clang::ASTContext &Ctx);
  /// The notes that say where it runs, outermost first.
  void describe(const Where &W, const clang::SourceManager &SM,
                llvm::function_ref<void(clang::SourceLocation, llvm::StringRef,
                                        const clang::NamedDecl *)>
                    Note) const;

  CallGraph &graph(clang::ASTContext &Ctx);
  /// Forgets the translation unit's call graph.
  void reset() { Graph.reset(); }

  const std::string HotnessOption;
  const Level Bar;

private:
  bool isSetup(const clang::FunctionDecl &Fn, CallGraph &G) const;
  std::vector<std::string> SetupWords;
  FunctionNameList EntryPoints;
  unsigned CallDepth;
  UserCodeFilter &UserCode;
  std::unique_ptr<CallGraph> Graph;
  std::vector<std::string> Errors;
};

} // namespace sysopt

#endif
