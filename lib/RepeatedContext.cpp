#include "sysopt/RepeatedContext.h"
#include "sysopt/ApiModels.h"
#include "sysopt/CrossUnit.h"
#include "sysopt/LoopAnalysis.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace sysopt {

namespace {

/// Whether a loop runs a known, small number of times (`for (int i = 0;
/// i < 3; ++i)` over three configurations of a benchmark's main): setup
/// work reached from it runs a few times, not on a hot path.
bool runsFewTimes(const Stmt &Loop, const ASTContext &Ctx) {
  const auto *For = dyn_cast<ForStmt>(&Loop);
  const auto *Init = For ? dyn_cast_or_null<DeclStmt>(For->getInit()) : nullptr;
  const auto *Cond = For && For->getCond()
                         ? dyn_cast<BinaryOperator>(For->getCond()->IgnoreParenImpCasts())
                         : nullptr;
  if (!Init || !Init->isSingleDecl() || !Cond || Cond->getOpcode() != BO_LT)
    return false;
  const auto *Var = dyn_cast<VarDecl>(Init->getSingleDecl());
  Expr::EvalResult A, B;
  if (!Var || !Var->getInit() || Var->getInit()->isValueDependent() ||
      Cond->getRHS()->isValueDependent() || !Var->getInit()->EvaluateAsInt(A, Ctx) ||
      !Cond->getRHS()->EvaluateAsInt(B, Ctx))
    return false;
  return B.Val.getInt().getExtValue() - A.Val.getInt().getExtValue() < 4;
}

/// Strips what wraps a lambda handed to a function: copies, temporaries.
const LambdaExpr *asLambda(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MT->getSubExpr();
    else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BT->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CE))
      E = CE->getArg(0);
    else
      break;
  }
  return dyn_cast<LambdaExpr>(E);
}

/// The function a binding argument names: `&f`, `f`, `&C::m`, a lambda.
const FunctionDecl *boundFunction(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DRE->getDecl());
  if (const LambdaExpr *L = asLambda(E))
    return L->getCallOperator();
  return nullptr;
}

/// pybind11's `module_::def`, `class_::def`/`def_static`, torch's
/// `Library::def`/`impl`.
bool isBindingCall(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *MD = Call.getMethodDecl();
  if (!MD || !MD->getIdentifier())
    return false;
  llvm::StringRef Name = MD->getName();
  if (Name != "def" && Name != "def_static" && Name != "impl")
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::StringRef Class = RD->getName();
  return Class == "module_" || Class == "module" || Class == "class_" ||
         Class == "Library";
}

class GraphBuilder : public RecursiveASTVisitor<GraphBuilder> {
public:
  using Base = RecursiveASTVisitor<GraphBuilder>;
  GraphBuilder(ASTContext &Ctx,
               llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<CallGraph::Site, 2>> &Callers,
               llvm::DenseMap<const FunctionDecl *, const Expr *> &Bindings,
               std::vector<const FunctionDecl *> &Defined)
      : Ctx(Ctx), Callers(Callers), Bindings(Bindings), Defined(Defined) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  bool TraverseDecl(Decl *D) {
    auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    if (!FD || !FD->doesThisDeclarationHaveABody())
      return Base::TraverseDecl(D);
    // Dependent bodies have no resolved calls; their instantiations do.
    if (FD->isDependentContext())
      return true;
    Defined.push_back(FD);
    Frames.push_back({FD, {}});
    bool R = Base::TraverseDecl(D);
    Frames.pop_back();
    return R;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    // Captures are initialised in the enclosing frame, the body runs in its own.
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    Frames.push_back({L->getCallOperator(), {}});
    TraverseStmt(L->getBody());
    Frames.pop_back();
    return true;
  }

  bool TraverseForStmt(ForStmt *S) {
    TraverseStmt(S->getInit());
    Loop G(*this, S);
    TraverseStmt(S->getCond());
    TraverseStmt(S->getInc());
    TraverseStmt(S->getBody());
    return true;
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    TraverseStmt(S->getInit());
    TraverseStmt(S->getRangeInit());
    Loop G(*this, S);
    TraverseStmt(S->getBody());
    return true;
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    Loop G(*this, S);
    return Base::TraverseWhileStmt(S);
  }
  bool TraverseDoStmt(DoStmt *S) {
    Loop G(*this, S);
    return Base::TraverseDoStmt(S);
  }

  bool VisitCallExpr(CallExpr *Call) {
    // Registrations may run at static initialisation, outside any function
    // (`static auto r = torch::jit::class_<Op>("ns", "Op").def("forward",
    // &Op::forward);`).
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call); MC && isBindingCall(*MC))
      for (const Expr *Arg : MC->arguments())
        if (const FunctionDecl *Bound = boundFunction(Arg))
          Bindings.try_emplace(Bound->getCanonicalDecl(), Call);
    if (Frames.empty())
      return true;
    const Frame &F = Frames.back();
    const Stmt *Inner = F.Loops.empty() ? nullptr : F.Loops.back();
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Callers[Callee->getCanonicalDecl()].push_back({Call, F.Fn, Inner, nullptr});
    // A lambda handed to an algorithm that calls it per element.
    if (api::roleOf(Call->getDirectCallee()) == api::Role::PerElement)
      for (const Expr *Arg : Call->arguments())
        if (const LambdaExpr *L = asLambda(Arg))
          Callers[L->getCallOperator()->getCanonicalDecl()].push_back(
              {Call, F.Fn, Inner, Call});
    return true;
  }

private:
  struct Frame {
    const FunctionDecl *Fn;
    llvm::SmallVector<const Stmt *, 4> Loops;
  };
  /// Pushes a loop that repeats its body for the scope of a traversal.
  struct Loop {
    GraphBuilder &B;
    bool Pushed = false;
    Loop(GraphBuilder &B, const Stmt *S) : B(B) {
      if (!B.Frames.empty() && !runsAtMostOnce(*S, B.Ctx) && !runsFewTimes(*S, B.Ctx)) {
        B.Frames.back().Loops.push_back(S);
        Pushed = true;
      }
    }
    ~Loop() {
      if (Pushed)
        B.Frames.back().Loops.pop_back();
    }
  };

  ASTContext &Ctx;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<CallGraph::Site, 2>> &Callers;
  llvm::DenseMap<const FunctionDecl *, const Expr *> &Bindings;
  std::vector<const FunctionDecl *> &Defined;
  llvm::SmallVector<Frame, 4> Frames;
};

} // namespace

CallGraph::CallGraph(ASTContext &Ctx, UserCodeFilter &UserCode,
                     const FunctionNameList &EntryPoints)
    : Ctx(Ctx), UserCode(UserCode), EntryPoints(EntryPoints) {}
CallGraph::~CallGraph() = default;

void CallGraph::build() {
  if (Built)
    return;
  Built = true;
  GraphBuilder B(Ctx, Callers, Bindings, Defined);
  const SourceManager &SM = Ctx.getSourceManager();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    SourceLocation Loc = D->getLocation();
    if (Loc.isInvalid() || SM.isInSystemHeader(SM.getExpansionLoc(Loc)) ||
        !UserCode.isUserCode(Loc, SM))
      continue;
    B.TraverseDecl(D);
  }
}

llvm::ArrayRef<CallGraph::Site> CallGraph::callersOf(const FunctionDecl &FD) {
  build();
  auto It = Callers.find(FD.getCanonicalDecl());
  if (It == Callers.end())
    return {};
  return It->second;
}

const Expr *CallGraph::bindingOf(const FunctionDecl &FD) {
  build();
  auto It = Bindings.find(FD.getCanonicalDecl());
  return It == Bindings.end() ? nullptr : It->second;
}

bool CallGraph::isEntryPoint(const FunctionDecl &FD) {
  return bindingOf(FD) || EntryPoints.contains(&FD);
}

const Stmt *findEnclosing(const Stmt &S, const FunctionDecl &Fn, ASTContext &Ctx,
                          llvm::function_ref<bool(const Stmt &, const Stmt *)> Stop) {
  const Stmt *Body = Fn.getBody();
  const Stmt *Prev = &S;
  DynTypedNodeList Parents = Ctx.getParents(S);
  while (!Parents.empty()) {
    // A declaration's initialiser: continue from its statement.
    if (const auto *D = Parents[0].get<Decl>()) {
      if (!isa<VarDecl>(D))
        return nullptr;
      Parents = Ctx.getParents(*D);
      continue;
    }
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P || P == Body || isa<LambdaExpr>(P))
      return nullptr;
    if (Stop(*P, Prev))
      return P;
    Prev = P;
    Parents = Ctx.getParents(*P);
  }
  return nullptr;
}

const Stmt *enclosingRepeatingLoop(const Stmt &S, const FunctionDecl &Fn,
                                   ASTContext &Ctx) {
  return findEnclosing(S, Fn, Ctx, [&](const Stmt &P, const Stmt *Child) {
    bool Repeats = false;
    if (const auto *For = dyn_cast<ForStmt>(&P))
      Repeats = Child != For->getInit();
    else if (const auto *Range = dyn_cast<CXXForRangeStmt>(&P))
      Repeats = Child == Range->getBody();
    else
      Repeats = isa<WhileStmt, DoStmt>(P);
    return Repeats && !runsAtMostOnce(P, Ctx) && !runsFewTimes(P, Ctx);
  });
}

static std::optional<RepeatPath> whyRepeatedInUnit(const FunctionDecl &Fn,
                                                   CallGraph &Graph,
                                                   unsigned MaxDepth) {
  struct Item {
    const FunctionDecl *F;
    llvm::SmallVector<const CallExpr *, 2> Calls; // outermost first
  };
  llvm::SmallVector<Item, 4> Frontier = {{&Fn, {}}};
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen = {Fn.getCanonicalDecl()};
  for (unsigned Depth = 0;; ++Depth) {
    for (const Item &I : Frontier)
      if (Graph.isEntryPoint(*I.F)) {
        RepeatPath P;
        P.K = RepeatPath::Kind::EntryPoint;
        P.Origin = Graph.bindingOf(*I.F);
        P.Outer = I.F;
        P.Calls = I.Calls;
        return P;
      }
    if (Depth == MaxDepth)
      return std::nullopt;
    llvm::SmallVector<Item, 4> Next;
    for (const Item &I : Frontier)
      for (const CallGraph::Site &S : Graph.callersOf(*I.F)) {
        // The algorithm that calls a lambda is the path's origin, not a call
        // on the way.
        llvm::SmallVector<const CallExpr *, 2> Calls;
        if (!S.Algorithm)
          Calls.push_back(S.Call);
        Calls.append(I.Calls.begin(), I.Calls.end());
        if (S.Loop || S.Algorithm) {
          RepeatPath P;
          P.K = S.Loop ? RepeatPath::Kind::Loop : RepeatPath::Kind::PerElement;
          P.Loop = S.Loop;
          P.Origin = S.Loop ? nullptr : S.Algorithm;
          P.Outer = S.Caller;
          P.Calls = std::move(Calls);
          return P;
        }
        if (Seen.insert(S.Caller->getCanonicalDecl()).second)
          Next.push_back({S.Caller, std::move(Calls)});
      }
    if (Next.empty())
      return std::nullopt;
    Frontier = std::move(Next);
  }
}

std::optional<RepeatPath> whyFunctionRepeated(const FunctionDecl &Fn,
                                              CallGraph &Graph,
                                              unsigned MaxDepth) {
  if (std::optional<RepeatPath> P = whyRepeatedInUnit(Fn, Graph, MaxDepth))
    return P;
  if (std::optional<std::string> Why = crossunit::externalPath(Fn)) {
    RepeatPath P;
    P.K = RepeatPath::Kind::External;
    P.Outer = &Fn;
    P.External = std::move(*Why);
    return P;
  }
  return std::nullopt;
}

std::optional<RepeatPath> whyRepeated(const Stmt &S, const FunctionDecl &Fn,
                                      CallGraph &Graph, unsigned MaxDepth) {
  if (const Stmt *Loop = enclosingRepeatingLoop(S, Fn, Fn.getASTContext())) {
    RepeatPath P;
    P.Loop = Loop;
    P.Outer = &Fn;
    return P;
  }
  return whyFunctionRepeated(Fn, Graph, MaxDepth);
}

void describePath(const RepeatPath &Path, const SourceManager &SM,
                  llvm::function_ref<void(SourceLocation, llvm::StringRef, const NamedDecl *)>
                      Note) {
  auto At = [&](SourceLocation L) { return SM.getExpansionLoc(L); };
  switch (Path.K) {
  case RepeatPath::Kind::Loop:
    Note(At(Path.Loop->getBeginLoc()), "in this loop", nullptr);
    break;
  case RepeatPath::Kind::PerElement: {
    const auto *Call = dyn_cast<CallExpr>(Path.Origin);
    const FunctionDecl *Algorithm = Call ? Call->getDirectCallee() : nullptr;
    // `for_each`, not the specialization's name with its lambda type.
    const NamedDecl *Name = Algorithm;
    if (Algorithm && Algorithm->getPrimaryTemplate())
      Name = Algorithm->getPrimaryTemplate();
    Note(At(Path.Origin->getBeginLoc()), "%0 calls this lambda once per element", Name);
    break;
  }
  case RepeatPath::Kind::EntryPoint:
    if (Path.Origin)
      Note(At(Path.Origin->getBeginLoc()),
           "%0 is registered here as an entry point, called once per step "
           "from Python",
           Path.Outer);
    else
      Note(At(Path.Outer->getLocation()),
           "%0 is an entry point named by the EntryPoints option", Path.Outer);
    break;
  case RepeatPath::Kind::External: {
    // The text names places in other files; '%' would start an argument.
    std::string Text = "%0 runs repeatedly, seen across files: ";
    for (char C : Path.External)
      Text += C == '%' ? std::string("%%") : std::string(1, C);
    Note(At(Path.Outer->getLocation()), Text, Path.Outer);
    break;
  }
  }
  for (const CallExpr *C : Path.Calls)
    Note(At(C->getBeginLoc()), "through this call to %0", C->getDirectCallee());
}

const Expr *argumentFor(const CallExpr &Call, const ParmVarDecl &Param) {
  unsigned Index = Param.getFunctionScopeIndex();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call))
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
        MD && MD->isInstance())
      ++Index; // the object is argument 0
  if (Index >= Call.getNumArgs() || isa<CXXDefaultArgExpr>(Call.getArg(Index)))
    return nullptr;
  return Call.getArg(Index);
}

namespace {
/// The references to `VD` whose address a device query receives
/// (`cudaGetDevice(&dev)`).
struct QueryOutputs : RecursiveASTVisitor<QueryOutputs> {
  const VarDecl &VD;
  llvm::SmallPtrSet<const DeclRefExpr *, 4> Refs;
  explicit QueryOutputs(const VarDecl &VD) : VD(VD) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitCallExpr(CallExpr *C) {
    if (api::roleOf(C->getDirectCallee()) != api::Role::Query)
      return true;
    for (const Expr *A : C->arguments())
      if (const auto *UO = dyn_cast<UnaryOperator>(A->IgnoreParenImpCasts());
          UO && UO->getOpcode() == UO_AddrOf)
        if (const auto *D = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
            D && D->getDecl() == &VD)
          Refs.insert(D);
    return true;
  }
};
} // namespace

bool isQueryResultOrConstant(const VarDecl &VD, const FunctionDecl &Fn) {
  if (!VD.hasLocalStorage() || VD.getType()->isReferenceType() || !Fn.getBody() ||
      VD.getType().isVolatileQualified())
    return false;
  QueryOutputs Out(VD);
  Out.TraverseStmt(Fn.getBody());
  return onlyReadsExcept(VD, *Fn.getBody(), Out.Refs);
}

PathInvariance::PathInvariance(const RepeatPath &Path, const FunctionDecl &Inner,
                               ASTContext &Ctx)
    : Path(Path), Ctx(Ctx) {
  Levels.push_back(Path.Outer);
  for (const CallExpr *C : Path.Calls)
    Levels.push_back(C->getDirectCallee());
  Levels.back() = &Inner;
  if (Path.K == RepeatPath::Kind::Loop && Path.Loop)
    Loop = std::make_unique<LoopInvariance>(*Path.Loop, Ctx);
}
PathInvariance::~PathInvariance() = default;

bool PathInvariance::isInvariantAt(const Expr *E, size_t Level) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (E->isValueDependent() || E->isTypeDependent())
    return false;
  if (isa<IntegerLiteral, FloatingLiteral, StringLiteral, CharacterLiteral,
          CXXBoolLiteralExpr, CXXNullPtrLiteralExpr, UnaryExprOrTypeTraitExpr>(E))
    return true;
  if (Level == 0 && Loop)
    return Loop->isInvariant(E);
  const FunctionDecl *Fn = Levels[Level];
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (isa<EnumConstantDecl>(D))
      return true;
    if (const auto *PVD = dyn_cast<ParmVarDecl>(D)) {
      if (Level == 0 || PVD->getType()->isReferenceType() ||
          PVD->getType()->isPointerType() || !isQueryResultOrConstant(*PVD, *Fn))
        return false;
      return isInvariantAt(argumentFor(*Path.Calls[Level - 1], *PVD), Level - 1);
    }
    if (const auto *VD = dyn_cast<VarDecl>(D)) {
      if (VD->isConstexpr())
        return true;
      if (!VD->hasLocalStorage() || !isQueryResultOrConstant(*VD, *Fn))
        return false;
      return !VD->getInit() || isInvariantAt(VD->getInit(), Level);
    }
    return false;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_Deref ||
        UO->getOpcode() == UO_AddrOf)
      return false;
    return isInvariantAt(UO->getSubExpr(), Level);
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && isInvariantAt(BO->getLHS(), Level) &&
           isInvariantAt(BO->getRHS(), Level);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return isInvariantAt(CO->getCond(), Level) &&
           isInvariantAt(CO->getTrueExpr(), Level) &&
           isInvariantAt(CO->getFalseExpr(), Level);
  if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
    return isInvariantAt(C->getSubExpr(), Level);
  return false;
}

llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  std::string Cur;
  auto Flush = [&] {
    if (!Cur.empty())
      Words.push_back(std::move(Cur));
    Cur.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!llvm::isAlpha(C)) {
      Flush();
      continue;
    }
    bool Upper = llvm::isUpper(C);
    // A new word starts at an upper-case letter after a lower-case one, or
    // at the last capital of an acronym followed by lower case ("HTTPConfig").
    if (Upper && !Cur.empty() &&
        (llvm::isLower(Name[I - 1]) ||
         (I + 1 < Name.size() && llvm::isLower(Name[I + 1]))))
      Flush();
    Cur.push_back(llvm::toLower(C));
  }
  Flush();
  return Words;
}

static bool isSetupFunctionAt(const FunctionDecl &Fn, CallGraph &Graph,
                              llvm::ArrayRef<std::string> SetupWords, unsigned Depth,
                              bool MainIsSetup,
                              llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  if (Fn.isMain())
    return MainIsSetup;
  if (isa<CXXConstructorDecl>(Fn) || isa<CXXDestructorDecl>(Fn))
    return true;
  if (const IdentifierInfo *II = Fn.getIdentifier())
    for (const std::string &W : identifierWords(II->getName()))
      if (llvm::is_contained(SetupWords, W))
        return true;
  if (Depth == 0 || !Seen.insert(Fn.getCanonicalDecl()).second)
    return false;
  llvm::ArrayRef<CallGraph::Site> Sites = Graph.callersOf(Fn);
  if (Sites.empty())
    return false;
  for (const CallGraph::Site &S : Sites)
    if (S.Loop || S.Algorithm || !S.Caller ||
        !isSetupFunctionAt(*S.Caller, Graph, SetupWords, Depth - 1, MainIsSetup, Seen))
      return false;
  return true;
}

std::vector<std::string> splitSetupWords(llvm::StringRef List) {
  std::vector<std::string> Words;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  List.split(Parts, ';', -1, false);
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Words.push_back(P.trim().lower());
  return Words;
}

bool isSetupFunction(const FunctionDecl &Fn, CallGraph &Graph,
                     llvm::ArrayRef<std::string> SetupWords, unsigned MaxDepth,
                     bool MainIsSetup) {
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
  return isSetupFunctionAt(Fn, Graph, SetupWords, MaxDepth, MainIsSetup, Seen);
}

} // namespace sysopt
