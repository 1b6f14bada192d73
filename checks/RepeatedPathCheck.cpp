//===- RepeatedPathCheck.cpp - base of the checks of repeated paths -------===//
#include "RepeatedPathCheck.h"
#include "sysopt/CrossUnit.h"
#include "sysopt/ErrorRegions.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

RepeatedPathCheck::RepeatedPathCheck(llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      UserHeaderRegex(Options.getLocalOrGlobal("UserHeaderRegex", "")),
      CallDepth(Options.getLocalOrGlobal("CallDepth", 2U)),
      EntryPointsOption(Options.getLocalOrGlobal("EntryPoints", "")),
      SetupFunctionsOption(Options.get("SetupFunctions", DefaultSetupWords)),
      SetupWords(splitSetupWords(SetupFunctionsOption)), EntryPoints(EntryPointsOption),
      UserCode(UserHeaderRegex) {
  for (const std::string &E : EntryPoints.errors())
    configurationDiag("%0: EntryPoints: %1") << Name << E;
  if (!UserCode.regexError().empty())
    configurationDiag("%0: invalid UserHeaderRegex '%1': %2")
        << Name << UserHeaderRegex << UserCode.regexError();
}

RepeatedPathCheck::~RepeatedPathCheck() = default;

void RepeatedPathCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "UserHeaderRegex", UserHeaderRegex);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "EntryPoints", EntryPointsOption);
  Options.store(Opts, "SetupFunctions", SetupFunctionsOption);
}

void RepeatedPathCheck::registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                                            Preprocessor *) {
  trackErrors(*PP);
}

static constexpr char UnitId[] = "sysopt-unit";

void RepeatedPathCheck::registerBaseMatchers(MatchFinder &Finder) {
  trackErrorContext(Finder);
  if (crossunit::exporting())
    Finder.addMatcher(translationUnitDecl().bind(UnitId), this);
}

void RepeatedPathCheck::check(const MatchFinder::MatchResult &Result) {
  if (Result.Nodes.getNodeAs<TranslationUnitDecl>(UnitId)) {
    Unit = Result.Context;
    return;
  }
  const auto *N = Result.Nodes.getNodeAs<Stmt>(CandidateId);
  if (N && UserCode.isUserCode(N->getBeginLoc(), *Result.SourceManager))
    Deferred.add(Result);
}

void RepeatedPathCheck::onEndOfTranslationUnit() {
  Deferred.replay(UserCode, [&](const MatchFinder::MatchResult &R) { analyze(R); });
  if (Unit)
    crossunit::exportUnit(*Unit, UserCode, EntryPoints, SetupWords);
  Unit = nullptr;
  Graph.reset();
  endTranslationUnit();
}

CallGraph &RepeatedPathCheck::graph(ASTContext &Ctx) {
  if (!Graph)
    Graph = std::make_unique<CallGraph>(Ctx, UserCode, EntryPoints);
  return *Graph;
}

std::optional<RepeatPath> RepeatedPathCheck::repeatedPath(const Stmt &S,
                                                          const FunctionDecl &Fn,
                                                          ASTContext &Ctx) {
  CallGraph &G = graph(Ctx);
  std::optional<RepeatPath> Path = whyRepeated(S, Fn, G, CallDepth);
  if (!Path)
    crossunit::noteHeld(Fn, getID());
  // A loop in setup code (a constructor, an init function, a benchmark
  // harness) runs once; main's loops are the program's.
  if (Path && Path->Outer &&
      isSetupFunction(*Path->Outer, G, SetupWords, 3, /*MainIsSetup=*/false))
    return std::nullopt;
  return Path;
}

} // namespace sysopt
