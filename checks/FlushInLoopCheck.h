//===- FlushInLoopCheck.h - sysopt-flush-in-loop --------------------------===//
//
// Output flushed to the OS or the disk on every run of a repeated path
// (principle: replacement, method: relaxation). See
// docs/checks/flush-in-loop.md.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CHECKS_FLUSHINLOOPCHECK_H
#define SYSOPT_CHECKS_FLUSHINLOOPCHECK_H

#include "RepeatedPathCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace sysopt {

class FlushInLoopCheck : public RepeatedPathCheck {
public:
  FlushInLoopCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  void analyze(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void endTranslationUnit() override {
    Reported.clear();
    TerminalReads.clear();
    OpenedFiles.clear();
  }
  bool readsTerminal(const clang::Stmt *Region);
  bool isOpenedFile(const clang::VarDecl &VD);

  /// Whether std::endl on the terminal (std::cout) is reported: off leaves
  /// only files and explicit flushes of files.
  const bool Terminal;
  llvm::DenseSet<clang::SourceLocation> Reported;
  // Answers per region and per variable: a loop of n flushes asks n times.
  llvm::DenseMap<const clang::Stmt *, bool> TerminalReads;
  llvm::DenseMap<const clang::VarDecl *, bool> OpenedFiles;
};

} // namespace sysopt

#endif
