//===- SyncInLoopCheck.h - sysopt-sync-in-loop ----------------------------===//
//
// The host waits for the device on every run of a repeated path although
// nothing on the host reads what the device produced before the path runs
// again (principle: reordering, method: deferral). See
// docs/checks/sync-in-loop.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_SYNCINLOOPCHECK_H
#define SYSOPT_CHECKS_SYNCINLOOPCHECK_H

#include "RepeatedPathCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Regex.h"
#include <map>
#include <memory>
#include <vector>

namespace sysopt {

/// What the host does around the device in one statement (a loop or a
/// function body); see SyncInLoopCheck.cpp.
struct HostUse;
class LoopInvariance;

class SyncInLoopCheck : public RepeatedPathCheck {
public:
  SyncInLoopCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  ~SyncInLoopCheck() override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void endTranslationUnit() override;
  /// Whether the host, somewhere on the path, needs the device's results or
  /// the wait itself: see the doc page's "Left alone".
  bool hostNeedsWait(const RepeatPath &Path, const clang::FunctionDecl &Inner,
                     clang::ASTContext &Ctx);
  bool computeHostNeedsWait(const RepeatPath &Path, const clang::FunctionDecl &Inner,
                            clang::ASTContext &Ctx);
  const HostUse &hostUse(const clang::Stmt &S, clang::ASTContext &Ctx);
  const HostUse &closure(const clang::Stmt &S, unsigned Depth, clang::ASTContext &Ctx);
  bool underDebugGuard(const clang::CallExpr &Sync, const clang::FunctionDecl &Fn,
                       clang::ASTContext &Ctx);
  /// Whether the stream or event waited on changes between runs (one wait
  /// per stream, device or event).
  bool waitTargetVaries(const clang::CallExpr &Sync, const RepeatPath &Path,
                        const clang::FunctionDecl &Fn, clang::ASTContext &Ctx);

  const std::string DebugGuards;
  llvm::Regex DebugGuardRegex;
  llvm::DenseMap<const clang::Stmt *, std::unique_ptr<HostUse>> Uses;
  llvm::DenseSet<clang::SourceLocation> Reported;
  std::map<std::vector<const void *>, bool> NeedsWait;
  /// Functions that read a clock (they time their loops).
  llvm::DenseMap<const clang::FunctionDecl *, bool> TimesItself;
  std::map<std::pair<const clang::Stmt *, unsigned>, std::unique_ptr<HostUse>> Closures;
  llvm::DenseMap<const clang::Stmt *, std::unique_ptr<LoopInvariance>> Invariance;
};

} // namespace sysopt

#endif
