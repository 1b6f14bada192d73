//===- HotPathFilter.cpp --------------------------------------------------===//
#include "sysopt/HotPathFilter.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace sysopt {

/// The level `S` names; nullopt for an unknown name.
static std::optional<HotPathFilter::Level> parseLevel(llvm::StringRef S) {
  for (unsigned I = 0; I < 3; ++I)
    if (S == HotPathFilter::LevelNames[I])
      return static_cast<HotPathFilter::Level>(I);
  return std::nullopt;
}

HotPathFilter::HotPathFilter(llvm::StringRef Hotness, llvm::StringRef SetupFunctions,
                             llvm::StringRef EntryPointsOption, unsigned CallDepth,
                             UserCodeFilter &UserCode)
    : HotnessOption(Hotness.str()), Bar(parseLevel(Hotness).value_or(Level::PerCall)),
      SetupWords(splitSetupWords(SetupFunctions)), EntryPoints(EntryPointsOption),
      CallDepth(CallDepth), UserCode(UserCode) {
  if (!parseLevel(Hotness))
    Errors.push_back("invalid Hotness '" + Hotness.str() +
                     "'; expected repeated, per-call or all (using per-call)");
  for (const std::string &E : EntryPoints.errors())
    Errors.push_back("EntryPoints: " + E);
}

HotPathFilter::~HotPathFilter() = default;

CallGraph &HotPathFilter::graph(ASTContext &Ctx) {
  if (!Graph)
    Graph = std::make_unique<CallGraph>(Ctx, UserCode, EntryPoints);
  return *Graph;
}

const FunctionDecl *lambdaOwner(const FunctionDecl &Fn) {
  const FunctionDecl *F = &Fn;
  while (const auto *MD = dyn_cast<CXXMethodDecl>(F)) {
    if (!MD->getParent()->isLambda())
      break;
    const auto *Outer = dyn_cast_or_null<FunctionDecl>(
        MD->getParent()->getDeclContext()->getNonClosureAncestor());
    if (!Outer)
      break;
    F = Outer;
  }
  return F;
}

bool HotPathFilter::isSetup(const FunctionDecl &Fn, CallGraph &G) const {
  // `main` and what only it calls are the program's start-up here: a copy
  // there is paid once per run.
  return isSetupFunction(Fn, G, SetupWords, 3, /*MainIsSetup=*/true);
}

std::optional<HotPathFilter::Where>
HotPathFilter::where(const Stmt *S, const FunctionDecl &Fn, ASTContext &Ctx) {
  CallGraph &G = graph(Ctx);
  Where W;
  W.Fn = &Fn;
  W.Path = S ? whyRepeated(*S, Fn, G, CallDepth) : whyFunctionRepeated(Fn, G, CallDepth);
  if (Bar == Level::All)
    return W;
  const FunctionDecl &Outer = *lambdaOwner(Fn);
  if (isSetup(Fn, G) || (&Outer != &Fn && isSetup(Outer, G)))
    return std::nullopt;
  // A loop in a setup function runs once with it; a loop in `main` is the
  // program's own loop (a training or serving loop), not start-up.
  if (W.Path && W.Path->Outer &&
      isSetupFunction(*W.Path->Outer, G, SetupWords, 3, /*MainIsSetup=*/false))
    return std::nullopt;
  if (!W.Path && Bar == Level::Repeated)
    return std::nullopt;
  return W;
}

void HotPathFilter::describe(
    const Where &W, const SourceManager &SM,
    llvm::function_ref<void(SourceLocation, llvm::StringRef, const NamedDecl *)> Note)
    const {
  if (W.Path) {
    describePath(*W.Path, SM, Note);
    return;
  }
  Note(SM.getExpansionLoc(W.Fn->getLocation()),
       "runs once per call of %0; no loop of this translation unit is seen "
       "around it",
       W.Fn);
}

} // namespace sysopt
