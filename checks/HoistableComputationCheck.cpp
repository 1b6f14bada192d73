//===- HoistableComputationCheck.cpp - sysopt-hoistable-computation -------===//
#include "HoistableComputationCheck.h"
#include "sysopt/CrossUnit.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/ApiModels.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/FixItBuilders.h"
#include "sysopt/LoopAnalysis.h"
#include "sysopt/SideEffects.h"
#include "sysopt/Taxonomy.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
constexpr llvm::StringLiteral LoopId = "loop";
constexpr llvm::StringLiteral SetupCallId = "setup-call";
constexpr llvm::StringLiteral RegexId = "regex";

/// Calls of the API table that set up rather than compute: queries,
/// searches, configuration, handle and descriptor creation.
AST_MATCHER(FunctionDecl, isSetupApi) {
  switch (api::roleOf(&Node)) {
  case api::Role::Query:
  case api::Role::Search:
  case api::Role::Configure:
  case api::Role::HandleCreate:
    return true;
  default:
    return false;
  }
}
constexpr Tag PrecomputeTag{Principle::Reordering, Method::Precomputation};
constexpr Tag CacheTag{Principle::Removal, Method::Caching};

const DeclRefExpr *addressOfVariable(const Expr *E) {
  const auto *UO = dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return nullptr;
  return dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
}

/// An identifier made from `Text`: other characters become `_`; `Lower` for
/// text that is not already a name (an environment variable).
std::string identifierFrom(llvm::StringRef Text, bool Lower = false) {
  std::string Out;
  for (char C : Text) {
    if (isalnum(static_cast<unsigned char>(C)) || C == '_')
      Out += Lower ? static_cast<char>(tolower(static_cast<unsigned char>(C))) : C;
    else if (!Out.empty() && Out.back() != '_')
      Out += '_';
  }
  while (!Out.empty() && Out.back() == '_')
    Out.pop_back();
  if (Out.empty() || isdigit(static_cast<unsigned char>(Out[0])))
    Out = "value" + (Out.empty() ? "" : "_" + Out);
  return Out;
}

/// Constructions that cost about nothing: default construction (empty
/// containers, end iterators), `{}`, and strings from literals short enough
/// for the small-string buffer (15 characters in libstdc++ and libc++'s
/// 22).
bool allocatesNothing(const Expr *Init) {
  if (const auto *IL = dyn_cast<InitListExpr>(Init))
    return IL->getNumInits() == 0;
  const auto *CE = dyn_cast<CXXConstructExpr>(Init);
  if (!CE)
    return false;
  unsigned Explicit = 0;
  for (const Expr *Arg : CE->arguments())
    Explicit += !isa<CXXDefaultArgExpr>(Arg);
  if (Explicit == 0)
    return true;
  const CXXRecordDecl *RD = CE->getConstructor()->getParent();
  if (Explicit == 1 && RD->isInStdNamespace() && RD->getIdentifier() &&
      RD->getName() == "basic_string")
    if (const auto *SL = dyn_cast<StringLiteral>(
            CE->getArg(0)->IgnoreParenImpCasts()))
      return SL->getLength() <= 15;
  return false;
}
} // namespace

struct HoistableComputationCheck::LoopContext {
  const Stmt &Loop;
  const FunctionDecl &Fn;
  ASTContext &Ctx;
  LoopInvariance Inv;
  bool HasEnvWriter = false, HasSetDevice = false;
  llvm::SmallVector<const CallExpr *, 8> Calls;
  std::optional<SideEffects> Effects;
  bool CurrentInCondition = false;

  LoopContext(const Stmt &Loop, const FunctionDecl &Fn, ASTContext &Ctx)
      : Loop(Loop), Fn(Fn), Ctx(Ctx), Inv(Loop, Ctx) {}

  /// What the loop may write behind the names of a hoisted expression.
  SideEffects &effects() {
    if (!Effects) {
      Effects.emplace(Ctx);
      Effects->setEffectFree(
          [this](const FunctionDecl &FD) { return Listed->contains(&FD); });
    }
    return *Effects;
  }
  const FunctionNameList *Listed = nullptr;

  /// Whether a try statement lies between `S` and the loop: hoisting would
  /// move its exceptions out of the handler.
  bool insideTryWithinLoop(const Stmt &S) {
    const Stmt *Cur = &S;
    while (Cur && Cur != &Loop) {
      DynTypedNodeList Parents = Ctx.getParents(*Cur);
      if (Parents.empty())
        return true;
      Cur = Parents[0].get<Stmt>();
      if (isa_and_nonnull<CXXTryStmt>(Cur))
        return true;
    }
    return Cur == nullptr;
  }

  std::string indentOfLoop() {
    return indentationAt(Loop.getBeginLoc(), Ctx.getSourceManager());
  }

  bool canInsertBeforeLoop() {
    // Asked only when there is something to report (parents are looked up
    // in the user-code map, see DeferredMatches.h).
    DynTypedNodeList Parents = Ctx.getParents(Loop);
    const auto *Parent =
        Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
    return Parent && Loop.getBeginLoc().isFileID() &&
           isPlainFileRange(Loop.getSourceRange(), Ctx.getSourceManager()) &&
           !followsPragma(Loop.getBeginLoc(), Ctx);
  }
};

HoistableComputationCheck::HoistableComputationCheck(
    llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ExpensiveFunctions(Options.get("ExpensiveFunctions", "")),
      UserHeaderRegex(Options.getLocalOrGlobal("UserHeaderRegex", "")),
      CallDepth(Options.getLocalOrGlobal("CallDepth", 2U)),
      EntryPointsOption(Options.getLocalOrGlobal("EntryPoints", "")),
      UserFunctions(ExpensiveFunctions), EntryPoints(EntryPointsOption),
      Costs(CopyCostOptions{}), UserCode(UserHeaderRegex) {
  for (const std::string &E : UserFunctions.errors())
    configurationDiag("%0: ExpensiveFunctions: %1") << Name << E;
  for (const std::string &E : EntryPoints.errors())
    configurationDiag("%0: EntryPoints: %1") << Name << E;
  if (!UserCode.regexError().empty())
    configurationDiag("%0: invalid UserHeaderRegex '%1': %2")
        << Name << UserHeaderRegex << UserCode.regexError();
}

void HoistableComputationCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExpensiveFunctions", ExpensiveFunctions);
  Options.store(Opts, "UserHeaderRegex", UserHeaderRegex);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "EntryPoints", EntryPointsOption);
}

void HoistableComputationCheck::registerPPCallbacks(
    const SourceManager &, Preprocessor *PP, Preprocessor *) {
  trackErrors(*PP);
}

void HoistableComputationCheck::registerMatchers(MatchFinder *Finder) {
  trackErrorContext(*Finder);
  addLoopMatchers(*Finder, this, LoopId);
  Finder->addMatcher(
      traverse(TK_AsIs, callExpr(unless(isExpansionInSystemHeader()),
                                 callee(functionDecl(isSetupApi())))
                            .bind(SetupCallId)),
      this);
  // std::regex(pattern) and std::regex(pattern, flags).
  Finder->addMatcher(
      traverse(TK_AsIs,
               cxxConstructExpr(unless(isExpansionInSystemHeader()),
                                hasDeclaration(cxxConstructorDecl(
                                    ofClass(hasName("::std::basic_regex")))),
                                anyOf(argumentCountIs(1), argumentCountIs(2)))
                   .bind(RegexId)),
      this);
}

void HoistableComputationCheck::check(const MatchFinder::MatchResult &Result) {
  const Stmt *S = Result.Nodes.getNodeAs<Stmt>(LoopId);
  if (!S)
    S = Result.Nodes.getNodeAs<Stmt>(SetupCallId);
  if (!S)
    S = Result.Nodes.getNodeAs<Stmt>(RegexId);
  if (S && UserCode.isUserCode(S->getBeginLoc(), *Result.SourceManager))
    Deferred.add(Result);
}

void HoistableComputationCheck::onEndOfTranslationUnit() {
  Deferred.replay(UserCode, [&](const MatchFinder::MatchResult &R) {
    if (R.Nodes.getNodeAs<Stmt>(LoopId))
      analyze(R);
    else
      analyzeSetup(R);
  });
  HoistedNames.clear();
  Graph.reset();
  Reported.clear();
  ChurningFunctions.clear();
  SetsDevice.clear();
}

CallGraph &HoistableComputationCheck::graph(ASTContext &Ctx) {
  if (!Graph)
    Graph = std::make_unique<CallGraph>(Ctx, UserCode, EntryPoints);
  return *Graph;
}

void HoistableComputationCheck::notePath(const RepeatPath &Path,
                                         const SourceManager &SM) {
  describePath(Path, SM, [&](SourceLocation Loc, llvm::StringRef Text,
                             const NamedDecl *Named) {
    auto D = diag(Loc, Text, DiagnosticIDs::Note);
    if (Named)
      D << Named;
  });
}

/// The function whose body holds `S` for the setup rules: a function,
/// method or lambda, including instantiations of templates (their findings
/// are reported at the template's source, once).
static const FunctionDecl *setupScope(const Stmt &S, ASTContext &Ctx) {
  const FunctionDecl *Fn = enclosingCallable(S, Ctx);
  if (!Fn || isDeviceOnly(*Fn) || Fn->isDependentContext())
    return nullptr;
  return Fn;
}

void HoistableComputationCheck::analyzeSetup(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>(SetupCallId);
  const auto *Regex = Result.Nodes.getNodeAs<CXXConstructExpr>(RegexId);
  const Stmt *S = Call ? static_cast<const Stmt *>(Call) : Regex;
  const FunctionDecl *Fn = S ? setupScope(*S, Ctx) : nullptr;
  if (!Fn || inBrokenCode(*Fn, Ctx) || Fn->isMain())
    return;
  if (Call)
    checkSetupCall(*Call, *Fn, Ctx);
  else
    checkRegex(*Regex, *Fn, Ctx);
}

bool HoistableComputationCheck::pathSetsDevice(const RepeatPath &P,
                                               const FunctionDecl &Inner) {
  // Each statement walked once per translation unit: a loop reaching 400
  // helpers that query is asked about 400 times.
  auto Sets = [&](const Stmt *S) {
    if (!S)
      return false;
    auto [It, New] = SetsDevice.try_emplace(S, false);
    if (New)
      It->second = callsAny(*S, [](const FunctionDecl &F) { return api::isSetDevice(&F); });
    return It->second;
  };
  if (P.Loop && Sets(P.Loop))
    return true;
  if (P.Outer && P.K != RepeatPath::Kind::Loop && Sets(P.Outer->getBody()))
    return true;
  for (const CallExpr *C : P.Calls)
    if (const FunctionDecl *F = C->getDirectCallee(); F && Sets(F->getBody()))
      return true;
  return Sets(Inner.getBody());
}

/// The destroy call in `Body` of the handle `Handle` that `Create` creates.
static const CallExpr *destroyOf(const ValueDecl &Handle, const Stmt &Body) {
  const CallExpr *Found = nullptr;
  struct V : RecursiveASTVisitor<V> {
    const ValueDecl &H;
    const CallExpr *&Found;
    V(const ValueDecl &H, const CallExpr *&F) : H(H), Found(F) {}
    bool VisitCallExpr(CallExpr *C) {
      if (api::roleOf(C->getDirectCallee()) != api::Role::HandleDestroy || !C->getNumArgs())
        return true;
      const auto *A = dyn_cast<DeclRefExpr>(C->getArg(0)->IgnoreParenImpCasts());
      if (A && A->getDecl() == &H)
        Found = C;
      return !Found;
    }
  } Visitor(Handle, Found);
  Visitor.TraverseStmt(const_cast<Stmt *>(&Body));
  return Found;
}

/// Whether a parameter of `Fn` decides if `S` runs: `S` sits in a branch of
/// an `if`, `switch` or `?:` whose condition names one. Such work runs on
/// some calls only (an option parser's branch per flag), not per call.
static bool underParameterBranch(const Stmt &S, const FunctionDecl &Fn, ASTContext &Ctx) {
  auto NamesParameter = [&](const Stmt *Cond) {
    struct V : RecursiveASTVisitor<V> {
      const FunctionDecl &Fn;
      bool Found = false;
      explicit V(const FunctionDecl &F) : Fn(F) {}
      bool VisitDeclRefExpr(DeclRefExpr *D) {
        if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl()))
          Found |= P->getDeclContext() == &Fn;
        return !Found;
      }
    } Visitor(Fn);
    if (Cond)
      Visitor.TraverseStmt(const_cast<Stmt *>(Cond));
    return Visitor.Found;
  };
  return nullptr != findEnclosing(S, Fn, Ctx, [&](const Stmt &P, const Stmt *Child) {
    const Stmt *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(&P))
      Cond = If->getCond();
    else if (const auto *Sw = dyn_cast<SwitchStmt>(&P))
      Cond = Sw->getCond();
    else if (const auto *CO = dyn_cast<ConditionalOperator>(&P))
      Cond = CO->getCond();
    return Cond && Child != Cond && NamesParameter(Cond);
  });
}

/// Whether `Fn` does heavy work of its own that per-call setup is amortized
/// over: a loop that issues GPU operations or waits for them, or a device or
/// pinned allocation (a benchmark driver, a whole training run).
static bool amortizesSetup(const FunctionDecl &Fn, ASTContext &Ctx, unsigned Depth = 1) {
  const Stmt *Body = Fn.getBody();
  if (!Body)
    return false;
  struct V : LoopDepthVisitor<V> {
    ASTContext &Ctx;
    unsigned Depth;
    bool Heavy = false;
    V(ASTContext &C, unsigned D) : LoopDepthVisitor(C), Ctx(C), Depth(D) {}
    bool VisitCallExpr(CallExpr *C) {
      api::Role R = api::roleOf(C->getDirectCallee());
      if (R == api::Role::Alloc ||
          (Loops && (isa<CUDAKernelCallExpr>(C) || R == api::Role::Sync ||
                     (api::isBatchableRole(R) && R != api::Role::HostCopy))))
        Heavy = true;
      // A callee that does the heavy work (an autotuner's benchmark loop)
      // amortizes the caller's setup too.
      const FunctionDecl *Callee = C->getDirectCallee();
      const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
      if (!Heavy && Depth && R == api::Role::None && Def && Def->hasBody() &&
          !Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
        Heavy = amortizesSetup(*Def, Ctx, Depth - 1);
      return !Heavy;
    }
  } Visitor(Ctx, Depth);
  Visitor.TraverseStmt(const_cast<Stmt *>(Body));
  return Visitor.Heavy;
}

/// The handle creations of `Fn` whose handle `Fn` also destroys.
static llvm::SmallVector<const CallExpr *, 4> handleChurn(const FunctionDecl &Fn) {
  llvm::SmallVector<const CallExpr *, 4> Creates;
  struct V : RecursiveASTVisitor<V> {
    llvm::SmallVector<const CallExpr *, 4> &Out;
    explicit V(llvm::SmallVector<const CallExpr *, 4> &O) : Out(O) {}
    bool VisitCallExpr(CallExpr *C) {
      if (api::roleOf(C->getDirectCallee()) == api::Role::HandleCreate)
        Out.push_back(C);
      return true;
    }
  } Visitor(Creates);
  Visitor.TraverseStmt(Fn.getBody());
  llvm::erase_if(Creates, [&](const CallExpr *C) {
    const DeclRefExpr *H = C->getNumArgs() ? addressOfVariable(C->getArg(0)) : nullptr;
    return !H || !destroyOf(*H->getDecl(), *Fn.getBody());
  });
  return Creates;
}

/// The first GPU operation of `Body` (a launch, a GEMM, a transfer...).
static const CallExpr *firstGpuOperation(const Stmt &Body) {
  const CallExpr *Found = nullptr;
  struct V : RecursiveASTVisitor<V> {
    const CallExpr *&Found;
    explicit V(const CallExpr *&F) : Found(F) {}
    bool VisitCallExpr(CallExpr *C) {
      if (isa<CUDAKernelCallExpr>(C) || api::isBatchableRole(api::roleOf(C->getDirectCallee())))
        Found = C;
      return !Found;
    }
  } Visitor(Found);
  Visitor.TraverseStmt(const_cast<Stmt *>(&Body));
  return Found;
}

void HoistableComputationCheck::checkSetupCall(const CallExpr &Call,
                                               const FunctionDecl &Fn,
                                               ASTContext &Ctx) {
  const FunctionDecl *Api = Call.getDirectCallee();
  api::Role Role = api::roleOf(Api);
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(Call.getBeginLoc());
  std::optional<RepeatPath> Path = whyRepeated(Call, Fn, graph(Ctx), CallDepth);
  if (!Path)
    crossunit::noteHeld(Fn, getID());
  // In the function's own loop, queries and handles are the loop analysis'
  // (analyze()); the rest is handled here.
  bool OwnLoop = Path && Path->Calls.empty() && Path->K == RepeatPath::Kind::Loop;
  if (OwnLoop && (Role == api::Role::Query || Role == api::Role::HandleCreate))
    return;

  switch (Role) {
  case api::Role::Query: {
    if (!Path || !api::isCostlyQuery(Api) || pathSetsDevice(*Path, Fn) ||
        amortizesSetup(Fn, Ctx) || underParameterBranch(Call, Fn, Ctx))
      return;
    PathInvariance Inv(*Path, Fn, Ctx);
    for (const Expr *Arg : Call.arguments()) {
      const DeclRefExpr *Out = addressOfVariable(Arg);
      if (!(Out && isa<VarDecl>(Out->getDecl()) &&
            cast<VarDecl>(Out->getDecl())->hasLocalStorage()) &&
          !Inv.isInvariant(Arg))
        return;
    }
    if (!Reported.insert(Loc).second)
      return;
    diag(Loc, withTag("%0 asks the same question about the device on every "
                      "call of %select{%2|this lambda}1, which runs repeatedly; "
                      "query once (a static or a member) and reuse the result",
                      CacheTag))
        << api::spelledApiName(*Api)
        << (isa<CXXMethodDecl>(Fn) && cast<CXXMethodDecl>(Fn).getParent()->isLambda()) << &Fn;
    notePath(*Path, SM);
    return;
  }
  case api::Role::Search: {
    if (OwnLoop) {
      // A search per iteration of the function's own loop, same inputs.
      LoopInvariance Inv(*Path->Loop, Ctx);
      for (const Expr *Arg : Call.arguments())
        if (!addressOfVariable(Arg) && !Inv.isInvariant(Arg))
          return;
    }
    // A function whose job is the search (an autotuner) runs it on purpose:
    // only a search on a repeated path counts.
    if (!Path || underParameterBranch(Call, Fn, Ctx))
      return;
    if (!Reported.insert(Loc).second)
      return;
    diag(Loc, withTag("%0 searches for an algorithm on every call of %1; "
                      "cache the result per problem shape and search once",
                      CacheTag))
        << api::spelledApiName(*Api) << &Fn;
    notePath(*Path, SM);
    return;
  }
  case api::Role::Configure: {
    if (!OwnLoop)
      return; // per call it is usually guarded or cheap enough
    LoopInvariance Inv(*Path->Loop, Ctx);
    for (const Expr *Arg : Call.arguments())
      if (!Inv.isSameAddress(Arg) && !Inv.isInvariant(Arg))
        return;
    if (!Reported.insert(Loc).second)
      return;
    diag(Loc, withTag("%0 sets the same attribute on every iteration; set it "
                      "once before the loop",
                      CacheTag))
        << api::spelledApiName(*Api);
    notePath(*Path, SM);
    return;
  }
  case api::Role::HandleCreate: {
    // Created and destroyed on every call: the churn of one handle.
    const DeclRefExpr *Handle = Call.getNumArgs() ? addressOfVariable(Call.getArg(0)) : nullptr;
    const auto *HV = Handle ? dyn_cast<VarDecl>(Handle->getDecl()) : nullptr;
    if (!HV || !HV->hasLocalStorage() || !Fn.getBody())
      return;
    const CallExpr *Destroy = destroyOf(*HV, *Fn.getBody());
    if (!Destroy || amortizesSetup(Fn, Ctx) || underParameterBranch(Call, Fn, Ctx))
      return;
    // Without a visible repeating path, a descriptor made for the one
    // operation the function runs is made once per operation.
    const CallExpr *Operation = nullptr;
    if (!Path) {
      if (!api::isOperationDescriptor(Api))
        return;
      Operation = firstGpuOperation(*Fn.getBody());
      if (!Operation)
        return;
    }
    // One finding per function: its other handles are notes.
    if (!Reported.insert(Loc).second || !ChurningFunctions.insert(&Fn).second)
      return;
    diag(Loc, withTag("%0 creates a handle that %1 destroys before returning, "
                      "on every call; create it once (a member or a cache keyed "
                      "by its parameters) and reuse it",
                      CacheTag))
        << api::spelledApiName(*Api) << &Fn;
    diag(SM.getExpansionLoc(Destroy->getBeginLoc()), "destroyed here",
         DiagnosticIDs::Note);
    for (const CallExpr *Other : handleChurn(Fn))
      if (Other != &Call)
        diag(SM.getExpansionLoc(Other->getBeginLoc()), "%0 also creates one here",
             DiagnosticIDs::Note)
            << api::spelledApiName(*Other->getDirectCallee());
    if (Path)
      notePath(*Path, SM);
    else
      diag(SM.getExpansionLoc(Operation->getBeginLoc()),
           "%0 runs this operation on every call", DiagnosticIDs::Note)
          << &Fn;
    return;
  }
  default:
    return;
  }
}

/// Whether `E` reads state that outlives a call of `Fn`: a member of
/// `*this`, a global, or what a reference or pointer parameter refers to,
/// through member accesses and range-for elements over such a container.
static bool readsLastingState(const Expr *E, const FunctionDecl &Fn, ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return true;
    return readsLastingState(ME->getBase(), Fn, Ctx);
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // Const getters and element access of lasting objects: c_str(), at().
    const CXXMethodDecl *MD = MC->getMethodDecl();
    return MD && MD->isConst() && MC->getImplicitObjectArgument() &&
           readsLastingState(MC->getImplicitObjectArgument(), Fn, Ctx);
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD)
    return false;
  if (VD->hasGlobalStorage())
    return VD->getType().isConstQualified() || VD->isStaticDataMember();
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
    return PVD->getType()->isReferenceType() || PVD->getType()->isPointerType();
  // The element of a range-for over lasting state, never written.
  DynTypedNodeList Parents = Ctx.getParents(*VD);
  const auto *DS = Parents.empty() ? nullptr : Parents[0].get<DeclStmt>();
  DynTypedNodeList Up = DS ? Ctx.getParents(*DS) : DynTypedNodeList(DynTypedNode());
  const auto *Range = DS && !Up.empty() ? Up[0].get<CXXForRangeStmt>() : nullptr;
  if (!Range || Range->getLoopVariable() != VD ||
      !VD->getType()->isReferenceType() ||
      !VD->getType().getNonReferenceType().isConstQualified())
    return false;
  return readsLastingState(Range->getRangeInit(), Fn, Ctx);
}

void HoistableComputationCheck::checkRegex(const CXXConstructExpr &Construct,
                                           const FunctionDecl &Fn, ASTContext &Ctx) {
  const Expr *Pattern = Construct.getArg(0);
  if (Construct.getNumArgs() == 2 && !isa<CXXDefaultArgExpr>(Construct.getArg(1)) &&
      !Construct.getArg(1)->isEvaluatable(Ctx))
    return; // flags computed per call
  // Its own loop, and why the function runs repeatedly.
  const Stmt *OwnLoop = enclosingRepeatingLoop(Construct, Fn, Ctx);
  std::optional<RepeatPath> Calls = whyFunctionRepeated(Fn, graph(Ctx), CallDepth);
  if (!OwnLoop && !Calls)
    crossunit::noteHeld(Fn, getID());
  // A local regex: one that is returned or stored is the point of the call.
  DynTypedNodeList Parents = Ctx.getParents(Construct);
  const auto *Var = Parents.empty() ? nullptr : Parents[0].get<VarDecl>();
  // A local regex only: one built on the heap or stored is kept on purpose.
  if (!Var || !Var->hasLocalStorage() || Var->isStaticLocal())
    return;
  const Expr *P = Pattern->IgnoreParenImpCasts();
  if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(P))
    P = Bind->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(P))
    P = MT->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P); CE && CE->getNumArgs() == 1)
    P = CE->getArg(0)->IgnoreParenImpCasts();
  const char *Why = nullptr;
  std::optional<RepeatPath> Path;
  if (OwnLoop) {
    Path.emplace();
    Path->Loop = OwnLoop;
    Path->Outer = &Fn;
  }
  // An invariant regex in the function's own loop is checkDecl's (it moves
  // the declaration before the loop).
  bool InvariantInOwnLoop = OwnLoop && LoopInvariance(*OwnLoop, Ctx).isInvariant(Pattern);
  if (isa<StringLiteral>(P) && !OwnLoop && Calls) {
    Why = "%0 compiles the same regular expression from a literal on every "
          "call; compile it once (a static const std::regex)";
    Path = Calls;
  } else if (!InvariantInOwnLoop && Calls && readsLastingState(Pattern, Fn, Ctx)) {
    Why = "%0 compiles a regular expression from stored patterns on every "
          "call; compile them once when the patterns are set and keep the "
          "compiled regex next to them";
    Path = Calls;
  }
  if (!Why || (!OwnLoop && underParameterBranch(Construct, Fn, Ctx)))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(Var ? Var->getLocation() : Construct.getBeginLoc());
  if (!Reported.insert(Loc).second)
    return;
  diag(Loc, withTag(Why, PrecomputeTag))
      << (Var ? static_cast<const NamedDecl *>(Var) : Construct.getConstructor()->getParent());
  notePath(*Path, SM);
}

void HoistableComputationCheck::analyze(const MatchFinder::MatchResult &Result) {
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>(LoopId);
  ASTContext &Ctx = *Result.Context;
  const FunctionDecl *Fn = Loop ? enclosingCallable(*Loop, Ctx) : nullptr;
  if (!Loop || !Fn || inBrokenCode(*Fn, Ctx) ||
      !UserCode.isUserCode(Loop->getBeginLoc(), *Result.SourceManager))
    return;
  if (isOutOfAnalysisScope(*Fn) || runsAtMostOnce(*Loop, Ctx))
    return;

  LoopContext L(*Loop, *Fn, Ctx);
  L.Listed = &UserFunctions;

  LoopCalls Contents = collectLoopCalls(*Loop, Ctx);
  L.Calls.append(Contents.Elsewhere.begin(), Contents.Elsewhere.end());
  L.Calls.append(Contents.InCondition.begin(), Contents.InCondition.end());
  for (const CallExpr *C : L.Calls) {
    L.HasEnvWriter |= api::isEnvironmentWriter(C->getDirectCallee());
    L.HasSetDevice |= api::isSetDevice(C->getDirectCallee());
  }

  // Declarations at the top level of the body.
  llvm::SmallPtrSet<const Expr *, 8> DeclInits;
  if (const auto *Body = dyn_cast_or_null<CompoundStmt>(loopBody(*Loop)))
    for (const Stmt *S : Body->body())
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        checkDecl(*DS, L);
        if (DS->isSingleDecl())
          if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
            // Objects are checkDecl's; a scalar's initialiser is a call
            // like any other (`const char *v = getenv("X");`).
            if (VD->getInit() && VD->getType()->isRecordType())
              DeclInits.insert(VD->getInit()->IgnoreImplicit());
      }

  for (const CallExpr *C : Contents.InCondition) {
    L.CurrentInCondition = true;
    if (!DeclInits.count(C))
      checkCall(*C, L);
  }
  L.CurrentInCondition = false;
  for (const CallExpr *C : Contents.Elsewhere) {
    if (DeclInits.count(C))
      continue;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      checkToDevice(*MC, L);
    else
      checkCall(*C, L);
  }
}

void HoistableComputationCheck::reportHoist(const Expr &Value,
                                            llvm::StringRef Message,
                                            LoopContext &L, bool MayFail,
                                            const NamedDecl *Named) {
  std::vector<FixItHint> Fixes;
  std::string Text = sourceText(Value, L.Ctx);
  bool Safe = L.CurrentInCondition || !MayFail || L.Inv.runsAtLeastOnce();
  // Computed earlier, the value must be what each iteration computed:
  // nothing in the loop may write what it reads through another name (or
  // change the environment, for getenv).
  std::optional<SideEffects::Change> Change;
  const auto *Call = dyn_cast<CallExpr>(&Value);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  bool Environment =
      api::classifyRepeatedCall(Callee) == api::RepeatedCallKind::EnvQuery;
  // strlen and its kin read only what their arguments point to; a pure or
  // listed function of the user's may read any memory.
  bool KnownReads = api::classifyRepeatedCall(Callee) == api::RepeatedCallKind::PureQuery;
  bool ReadsMemory = Callee && !KnownReads &&
                     (UserFunctions.contains(Callee) ||
                      (Callee->hasAttr<PureAttr>() && !Callee->hasAttr<ConstAttr>()));
  if (Environment) {
    if (std::optional<Effect> E = L.effects().firstEnvironmentChange({&L.Loop}, &L.Fn))
      Change = SideEffects::Change{*E, nullptr, false};
  } else if (ReadsMemory) {
    // A pure or listed function may read any memory besides its arguments.
    Change = L.effects().firstChangingMemory({&L.Loop}, &L.Fn, *Callee);
  } else {
    Change = L.effects().firstChangingInputs(Value, {&L.Loop}, &L.Fn);
  }
  if (Safe && !Change && !Text.empty() && L.canInsertBeforeLoop() &&
      !L.insideTryWithinLoop(Value) &&
      !hasDirectiveBetween(L.Loop.getBeginLoc(), Value.getBeginLoc(), L.Ctx)) {
    // A name after what is computed: s_len for strlen(s), ones_tensor, ...
    std::string Base = "hoisted";
    if (Call) {
      const FunctionDecl *FD = Callee;
      llvm::StringRef CalleeName = FD && FD->getIdentifier() ? FD->getName() : "";
      const Expr *Arg0 = Call->getNumArgs() ? Call->getArg(0)->IgnoreParenImpCasts() : nullptr;
      if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(Arg0))
        Arg0 = MC->getImplicitObjectArgument()
                   ? MC->getImplicitObjectArgument()->IgnoreParenImpCasts()
                   : nullptr;
      const auto *Named = Arg0 && isa<DeclRefExpr, MemberExpr>(Arg0)
                              ? dyn_cast<NamedDecl>(isa<DeclRefExpr>(Arg0)
                                                        ? cast<DeclRefExpr>(Arg0)->getDecl()
                                                        : cast<MemberExpr>(Arg0)->getMemberDecl())
                              : nullptr;
      llvm::StringRef Stem = Named && Named->getIdentifier() ? Named->getName() : "";
      if (Stem.starts_with("m_"))
        Stem = Stem.drop_front(2);
      Stem = Stem.trim('_'); // name_ and m_name give name_len
      if ((CalleeName == "strlen" || CalleeName == "wcslen") && !Stem.empty())
        Base = identifierFrom(Stem) + "_len";
      else if (CalleeName.contains("getenv") && Arg0 && isa<StringLiteral>(Arg0))
        Base = identifierFrom(cast<StringLiteral>(Arg0)->getString(), /*Lower=*/true) + "_env";
      else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
               MC && MC->getImplicitObjectArgument())
        Base = identifierFrom(sourceText(*MC->getImplicitObjectArgument(), L.Ctx)) + "_" +
               (CalleeName.empty() ? "value" : CalleeName.str());
      else if (!CalleeName.empty())
        Base = identifierFrom(CalleeName) + (api::classifyRepeatedCall(FD) ==
                                                     api::RepeatedCallKind::TensorFactory
                                                 ? "_tensor"
                                                 : "_result");
    }
    // Fresh in the whole translation unit: no member, global, macro or
    // other fix of this run has that name.
    std::string Name = reserveFreshName(Base, L.Ctx, HoistedNames[&L.Fn]);
    std::string Indent = L.indentOfLoop();
    // A reference result stays a reference (no copy, the same object).
    std::string Decl = Call && Call->getCallReturnType(L.Ctx)->isReferenceType()
                           ? "const auto &"
                           : "const auto ";
    Fixes.push_back(FixItHint::CreateInsertion(
        L.Loop.getBeginLoc(), Decl + Name + " = " + Text + ";\n" + Indent));
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Value.getSourceRange()), Name));
  }
  const SourceManager &SM = L.Ctx.getSourceManager();
  diag(SM.getExpansionLoc(Value.getBeginLoc()), withTag(Message, PrecomputeTag))
      << Named << Fixes;
  diag(L.Loop.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
  if (Change) {
    auto [Where, Why] = SideEffects::noFixNote(*Change, SM, Environment);
    diag(Where, Why, DiagnosticIDs::Note);
  }
}

void HoistableComputationCheck::checkCall(const CallExpr &Call, LoopContext &L) {
  const FunctionDecl *FD = Call.getDirectCallee();
  if (!FD)
    return;
  const SourceManager &SM = L.Ctx.getSourceManager();
  if (checkSymbolUpload(Call, L))
    return;
  api::RepeatedCallKind Kind = api::classifyRepeatedCall(FD);
  switch (Kind) {
  case api::RepeatedCallKind::HandleCreate: {
    // Only the create/destroy churn of one handle: a loop that creates one
    // stream per device and keeps them is fine.
    const DeclRefExpr *Handle =
        Call.getNumArgs() ? addressOfVariable(Call.getArg(0)) : nullptr;
    if (!Handle)
      return;
    for (const CallExpr *Other : L.Calls) {
      if (api::classifyRepeatedCall(Other->getDirectCallee()) !=
              api::RepeatedCallKind::HandleDestroy ||
          !Other->getNumArgs())
        continue;
      const auto *Arg = dyn_cast<DeclRefExpr>(Other->getArg(0)->IgnoreParenImpCasts());
      if (!Arg || Arg->getDecl() != Handle->getDecl())
        continue;
      diag(SM.getExpansionLoc(Call.getBeginLoc()),
           withTag("%0 creates a handle and the loop destroys it on every "
                   "iteration; create it once before the loop and reuse it",
                   CacheTag))
          << FD;
      diag(SM.getExpansionLoc(Other->getBeginLoc()), "destroyed here",
           DiagnosticIDs::Note);
      return;
    }
    return;
  }
  case api::RepeatedCallKind::DeviceQuery: {
    if (L.HasSetDevice || !api::isCostlyQuery(FD))
      return;
    for (const Expr *Arg : Call.arguments())
      if (!addressOfVariable(Arg) && !L.Inv.isInvariant(Arg))
        return;
    diag(SM.getExpansionLoc(Call.getBeginLoc()),
         withTag("%0 asks the same question about the device on every "
                 "iteration; query once before the loop and reuse the result",
                 CacheTag))
        << FD;
    diag(L.Loop.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
    return;
  }
  case api::RepeatedCallKind::TensorFactory: {
    for (const Expr *Arg : Call.arguments())
      if (!L.Inv.isInvariant(Arg))
        return;
    if (findTensorWriteFrom(Call, L.Ctx))
      return; // each iteration needs its own tensor
    reportHoist(Call, "%0 builds the same tensor on every iteration; build it "
                      "once before the loop",
                L, /*MayFail=*/true, FD);
    return;
  }
  case api::RepeatedCallKind::PureQuery:
  case api::RepeatedCallKind::EnvQuery:
  case api::RepeatedCallKind::None:
    break;
  case api::RepeatedCallKind::HandleDestroy:
  case api::RepeatedCallKind::Search:    // analyzeSetup's, in loops too
  case api::RepeatedCallKind::Configure: // analyzeSetup's, in loops too
    return;
  }

  bool Listed = UserFunctions.contains(FD);
  // pure/const functions of the user's; the C library's (`errno` expands to
  // `*__errno_location()`, `INFINITY` to `__builtin_inff()`) are cheap.
  bool Attributed = (FD->hasAttr<PureAttr>() || FD->hasAttr<ConstAttr>()) &&
                    FD->getBuiltinID() == 0 &&
                    !SM.isInSystemHeader(FD->getLocation());
  if (SM.isInSystemMacro(Call.getBeginLoc()))
    return;
  if (Kind == api::RepeatedCallKind::None && !Listed && !Attributed)
    return;
  if (Call.getType()->isVoidType() || isa<CXXMemberCallExpr>(Call))
    return;
  if (Kind == api::RepeatedCallKind::EnvQuery && L.HasEnvWriter)
    return;
  for (const Expr *Arg : Call.arguments())
    if (!L.Inv.isInvariant(Arg))
      return;
  // strlen("literal") and other constant-foldable calls cost nothing.
  if (!Call.isValueDependent() && Call.isEvaluatable(L.Ctx))
    return;
  // LLVM hoists a read-only call with invariant arguments by itself unless
  // the loop writes through pointers or calls functions it cannot see.
  if (!Listed && !L.Inv.callsOpaqueFunctions() && !L.Inv.writesThroughPointers())
    return;
  reportHoist(Call, "%0 is called with the same arguments on every iteration; "
                    "compute it once before the loop",
              L, /*MayFail=*/true, FD);
}

/// `cudaMemcpyToSymbol(sym, src, ...)` into a `__constant__` variable.
static const VarDecl *constantSymbolOf(const CallExpr &Call) {
  const FunctionDecl *FD = Call.getDirectCallee();
  const api::ApiEntry *E = api::lookupApi(FD);
  if (!E || E->R != api::Role::Transfer ||
      !E->Name.starts_with("cudaMemcpyToSymbol") || Call.getNumArgs() < 3)
    return nullptr;
  const Expr *Sym = Call.getArg(0)->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Sym); UO && UO->getOpcode() == UO_AddrOf)
    Sym = UO->getSubExpr()->IgnoreParenImpCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(Sym);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasAttr<CUDAConstantAttr>() ? VD : nullptr;
}

bool HoistableComputationCheck::checkSymbolUpload(const CallExpr &Call, LoopContext &L) {
  const VarDecl *Symbol = constantSymbolOf(Call);
  if (!Symbol)
    return false;
  // Kernels cannot write __constant__ memory: the same bytes from the same
  // unchanged host memory leave it as it was.
  for (unsigned I = 1; I < Call.getNumArgs(); ++I)
    if (!isa<CXXDefaultArgExpr>(Call.getArg(I)) && !L.Inv.isSameAddress(Call.getArg(I)))
      return true;
  if (L.effects().firstChangingInputs(Call, {&L.Loop}, &L.Fn))
    return true;
  for (const CallExpr *Other : L.Calls)
    if (Other != &Call && constantSymbolOf(*Other) == Symbol)
      return true; // another copy changes the symbol in between
  diag(L.Ctx.getSourceManager().getExpansionLoc(Call.getBeginLoc()),
       withTag("%0 copies the same host data to %1 on every iteration, and "
               "kernels cannot change __constant__ memory; copy it once before "
               "the loop",
               PrecomputeTag))
      << api::spelledApiName(*Call.getDirectCallee()) << Symbol;
  diag(L.Loop.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
  return true;
}

void HoistableComputationCheck::checkToDevice(const CXXMemberCallExpr &Call,
                                              LoopContext &L) {
  if (!api::isTensorToDevice(&Call, L.Ctx))
    return;
  const auto *Obj = dyn_cast_or_null<DeclRefExpr>(
      Call.getImplicitObjectArgument()
          ? Call.getImplicitObjectArgument()->IgnoreParenImpCasts()
          : nullptr);
  const auto *VD = Obj ? dyn_cast<VarDecl>(Obj->getDecl()) : nullptr;
  if (!VD || !L.Inv.isUnmodified(VD))
    return;
  for (const Expr *Arg : Call.arguments())
    if (!L.Inv.isInvariant(Arg))
      return;
  // libtorch's in-place ops are const: ask the tensor model, not constness.
  if (findTensorWriteOrAlias(*VD, L.Loop, L.Ctx) || findAnyTensorWrite(L.Loop, L.Ctx) ||
      findTensorWriteFrom(Call, L.Ctx))
    return;
  reportHoist(Call, "%0 is copied to the device on every iteration although it "
                    "does not change; copy it once before the loop",
              L, /*MayFail=*/true, VD);
}

void HoistableComputationCheck::checkDecl(const DeclStmt &Decl, LoopContext &L) {
  if (!Decl.isSingleDecl())
    return;
  const auto *VD = dyn_cast<VarDecl>(Decl.getSingleDecl());
  if (!VD || !VD->hasLocalStorage() || VD->getType()->isReferenceType() ||
      !VD->getInit() || VD->getType().isVolatileQualified())
    return;
  const Expr *Init = VD->getInit()->IgnoreImplicit();
  bool IsTensor = api::isTensorType(VD->getType());
  if (IsTensor) {
    const auto *Call = dyn_cast<CallExpr>(Init);
    const auto *MC = dyn_cast<CXXMemberCallExpr>(Init);
    bool Factory = Call && api::classifyRepeatedCall(Call->getDirectCallee()) ==
                               api::RepeatedCallKind::TensorFactory;
    bool ToDevice = MC && api::isTensorToDevice(MC, L.Ctx);
    if (!Factory && !ToDevice)
      return;
    if (ToDevice) {
      const Expr *Object = MC->getImplicitObjectArgument();
      const auto *Obj = Object ? dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()) : nullptr;
      const auto *Src = Obj ? dyn_cast<VarDecl>(Obj->getDecl()) : nullptr;
      if (!Src || findTensorWriteOrAlias(*Src, L.Loop, L.Ctx) ||
          findAnyTensorWrite(L.Loop, L.Ctx))
        return;
    }
  } else if (Costs.classify(VD->getType(), L.Ctx) != CopyCost::Expensive ||
             allocatesNothing(Init)) {
    return;
  }
  if (!L.Inv.isInvariant(Init))
    return;
  const Stmt *Body = loopBody(L.Loop);
  if (!Body)
    return;
  if (findWrite(*VD, *Body, L.Ctx) || findEscape(*VD, *Body, L.Ctx) ||
      (IsTensor && findTensorWriteOrAlias(*VD, *Body, L.Ctx)))
    return;

  // Move the declaration before the loop: same text, so the same type and
  // initialization. Only when no other declaration of the name exists in the
  // function, and when the construction cannot fail where the original did
  // not run (the loop runs at least once, or it is built from literals only).
  std::vector<FixItHint> Fixes;
  struct OnlyLiterals : RecursiveASTVisitor<OnlyLiterals> {
    bool Ok = true;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      const auto *V = dyn_cast<VarDecl>(E->getDecl());
      Ok &= isa<EnumConstantDecl, FunctionDecl>(E->getDecl()) ||
            (V && V->isConstexpr());
      return Ok;
    }
  } Literals;
  Literals.TraverseStmt(const_cast<Expr *>(Init));
  bool Safe = (Literals.Ok && !IsTensor) || L.Inv.runsAtLeastOnce();
  // The declaration moves to the loop's scope: no other declaration of the
  // name in the function, and no use of the name in the function that
  // means something else (a member, a global), which the moved one would
  // capture in the loop or after it.
  struct SameName : RecursiveASTVisitor<SameName> {
    const VarDecl &VD;
    bool Clash = false;
    SameName(const VarDecl &VD) : VD(VD) {}
    bool shouldVisitLambdaBody() const { return true; }
    bool clashes(const NamedDecl *D) {
      return D != &VD && D->getIdentifier() && D->getName() == VD.getName();
    }
    bool VisitNamedDecl(NamedDecl *D) {
      Clash |= clashes(D);
      return !Clash;
    }
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      Clash |= clashes(E->getDecl());
      return !Clash;
    }
    bool VisitMemberExpr(MemberExpr *E) {
      Clash |= E->isImplicitAccess() && clashes(E->getMemberDecl());
      return !Clash;
    }
  } Names(*VD);
  Names.TraverseDecl(const_cast<FunctionDecl *>(&L.Fn));
  // Built earlier, the object must be built from the same values: nothing
  // in the loop may write what its initializer reads through another name.
  std::optional<SideEffects::Change> Change =
      L.effects().firstChangingInputs(*Init, {&L.Loop}, &L.Fn);
  const SourceManager &SM = L.Ctx.getSourceManager();
  CharSourceRange DeclRange = fileRange(Decl.getSourceRange(), L.Ctx);
  if (Safe && !Names.Clash && !Change && L.canInsertBeforeLoop() &&
      DeclRange.isValid() && isPlainFileRange(Decl.getSourceRange(), SM) &&
      !hasDirectiveBetween(L.Loop.getBeginLoc(), Decl.getEndLoc(), L.Ctx)) {
    llvm::StringRef Text = Lexer::getSourceText(DeclRange, SM, L.Ctx.getLangOpts());
    std::vector<FixItHint> Removal = removeStatement(Decl, L.Ctx);
    if (!Removal.empty() && Text.ends_with(";")) {
      Fixes.push_back(FixItHint::CreateInsertion(
          L.Loop.getBeginLoc(), Text.str() + "\n" + L.indentOfLoop()));
      for (FixItHint &H : Removal)
        Fixes.push_back(std::move(H));
    }
  }
  diag(VD->getLocation(),
       withTag(IsTensor ? "%0 is rebuilt from the same values on every "
                          "iteration; build it once before the loop"
                        : "%0 is constructed from the same values on every "
                          "iteration; construct it once before the loop",
               PrecomputeTag))
      // The name's range keeps clangd from underlining the removal fix's
      // range (which starts on the line above) instead of the declaration.
      << VD << SourceRange(VD->getLocation()) << Fixes;
  diag(L.Loop.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
  if (Change) {
    auto [Where, Why] = SideEffects::noFixNote(*Change, SM);
    diag(Where, Why, DiagnosticIDs::Note);
  }
}

} // namespace sysopt
