//===- SyncInLoopCheck.cpp - sysopt-sync-in-loop --------------------------===//
//
// A wait (Role::Sync of the API table) on a repeated path (RepeatedContext)
// is reported when the host needs neither the device's results nor the wait
// itself anywhere on that path. "Anywhere" is deliberately coarse: the loop,
// every function on the way down to the wait, and the functions they call
// (two more levels) are scanned whole, so a read before the wait counts as
// well (the next iteration runs it after the wait).
//
//===----------------------------------------------------------------------===//
#include "SyncInLoopCheck.h"
#include "sysopt/ApiModels.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/LoopAnalysis.h"
#include "sysopt/Taxonomy.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <functional>

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
constexpr llvm::StringLiteral SyncId = "sync";
constexpr Tag DeferTag{Principle::Reordering, Method::Deferral};
/// How many calls below the path the scan for host reads follows.
constexpr unsigned CalleeDepth = 2;

AST_MATCHER(FunctionDecl, isWaitApi) { return api::roleOf(&Node) == api::Role::Sync; }

/// cudaStream_t, cudaEvent_t, cublasHandle_t: pointers to incomplete
/// structs, values the host never reads through.
bool isOpaqueHandle(QualType T) {
  T = T.getNonReferenceType();
  return T->isPointerType() && T->getPointeeType()->isRecordType() &&
         T->getPointeeType()->isIncompleteType();
}

/// Whether a value of type `T` passed to device work can carry host memory
/// the device writes or reads: pointers (not opaque handles), arrays,
/// non-const references, and objects (a container, a tensor).
bool canShareMemory(QualType T) {
  if (T.isNull() || isOpaqueHandle(T))
    return false;
  if (T->isReferenceType())
    return !T.getNonReferenceType().isConstQualified() ||
           T.getNonReferenceType()->isRecordType();
  return T->isPointerType() || T->isArrayType() || T->isRecordType();
}
} // namespace

/// What the host does in one statement, and what it hands to the device.
struct HostUse {
  /// Variables and fields whose memory goes to device work or to a function
  /// this translation unit cannot see.
  llvm::SmallPtrSet<const ValueDecl *, 8> Shared;
  /// Variables and fields the host reads or writes itself.
  llvm::SmallPtrSet<const ValueDecl *, 16> Touched;
  /// Pointer locals and what they were initialised or assigned from.
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> AliasOf;
  /// User functions called here whose bodies are visible.
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
  bool CopiesToHost = false, ReadsClock = false, Captures = false,
       SetsDevice = false, HandsOff = false, ReadsTensor = false,
       DeviceWork = false;
};

namespace {
/// One walk of a statement, filling a HostUse. A reference counts as the
/// host touching memory unless it only hands the memory to device work, or
/// only computes or copies a pointer value.
class HostUseScanner : public RecursiveASTVisitor<HostUseScanner> {
public:
  HostUseScanner(HostUse &U, ASTContext &Ctx) : U(U), Ctx(Ctx) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    api::Role Role = api::roleOf(FD);
    if (isa<CUDAKernelCallExpr>(C) || api::isBatchableRole(Role)) {
      U.DeviceWork = true;
      if (api::mayCopyToHost(*C, Ctx))
        U.CopiesToHost = true;
      for (const Expr *Arg : C->arguments())
        share(Arg);
      return true;
    }
    if (api::isClockRead(FD))
      U.ReadsClock = true;
    if (api::isHostHandoff(FD))
      U.HandsOff = true;
    if (Role == api::Role::CaptureBegin)
      U.Captures = true;
    if (Role == api::Role::SetDevice)
      U.SetsDevice = true;
    if (Role != api::Role::None) {
      // Waits, allocations, queries, handles: no host access to the memory.
      for (const Expr *Arg : C->arguments())
        hand(Arg);
      return true;
    }
    if (!FD)
      return true;
    const SourceManager &SM = Ctx.getSourceManager();
    if (SM.isInSystemHeader(FD->getLocation()))
      return true; // the standard library touches what it is given
    const FunctionDecl *Def = nullptr;
    if (!FD->getBody(Def) || !Def) {
      // A function of the project this translation unit cannot see: it
      // may issue device work on what it is given.
      U.DeviceWork = true;
      for (const Expr *Arg : C->arguments())
        share(Arg);
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
        share(MC->getImplicitObjectArgument());
      return true;
    }
    U.Callees.push_back(Def);
    // A pointer the callee only hands to device work is not touched here.
    for (unsigned I = 0; I < C->getNumArgs() && I < Def->getNumParams(); ++I)
      if (C->getArg(I)->getType()->isPointerType() &&
          parameterOnlyReachesDevice(*Def->getParamDecl(I), *Def, 1))
        share(C->getArg(I));
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *C) {
    const CXXMethodDecl *MD = C->getMethodDecl();
    if (!MD || !MD->getIdentifier() || !api::isTensorType(C->getObjectType()))
      return true;
    static const llvm::StringRef HostReads[] = {
        "item", "cpu", "data_ptr", "const_data_ptr", "mutable_data_ptr",
        "accessor", "tolist", "equal", "is_nonzero"};
    if (llvm::is_contained(HostReads, MD->getName()) || api::isTensorToHost(C, Ctx))
      U.ReadsTensor = true;
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (V->getInit() && (V->getType()->isPointerType() || V->getType()->isReferenceType()))
      if (const ValueDecl *From = pointerSource(V->getInit()))
        U.AliasOf[V] = From;
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    // `p = buf.data()`, `p += n`, `p != end`: pointer values, no access.
    if (!BO->getLHS()->getType()->isPointerType())
      return true;
    if (BO->getOpcode() == BO_Assign) {
      if (const auto *L = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts())) {
        Handed.insert(L);
        if (const ValueDecl *From = pointerSource(BO->getRHS()))
          U.AliasOf[L->getDecl()] = From;
      }
      return true;
    }
    if (BO->isCompoundAssignmentOp() || BO->isComparisonOp() || BO->isAdditiveOp())
      for (const Expr *Side : {BO->getLHS(), BO->getRHS()})
        if (const auto *R = dyn_cast<DeclRefExpr>(Side->IgnoreParenImpCasts()))
          if (R->getType()->isPointerType())
            Handed.insert(R);
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      if (const auto *R = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
        if (R->getType()->isPointerType())
          Handed.insert(R);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    if (!Handed.count(D) && isa<VarDecl>(D->getDecl()))
      U.Touched.insert(D->getDecl());
    return true;
  }

  bool VisitMemberExpr(MemberExpr *ME) {
    if (!Handed.count(ME) && isa<FieldDecl>(ME->getMemberDecl()))
      U.Touched.insert(ME->getMemberDecl());
    return true;
  }

private:
  /// The variable or field whose memory `E` names: `p`, `p + n`, `&p[i]`,
  /// `p[i]`, `&x`, `v.data()`, `t.data_ptr<T>()`, `s.buf`, casts of those.
  /// Every node on the way is marked as handed over.
  const ValueDecl *memoryOf(const Expr *E) {
    for (;;) {
      E = E->IgnoreParenImpCasts();
      if (const auto *C = dyn_cast<ExplicitCastExpr>(E)) {
        E = C->getSubExpr();
      } else if (const auto *BO = dyn_cast<BinaryOperator>(E);
                 BO && BO->isAdditiveOp() && BO->getLHS()->getType()->isPointerType()) {
        E = BO->getLHS();
      } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
                 UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)) {
        E = UO->getSubExpr();
      } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        E = AS->getBase();
      } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
                 MC && MC->getNumArgs() == 0 && MC->getMethodDecl() &&
                 MC->getMethodDecl()->getIdentifier() &&
                 llvm::is_contained({llvm::StringRef("data"), llvm::StringRef("get"),
                                     llvm::StringRef("data_ptr"), llvm::StringRef("begin")},
                                    MC->getMethodDecl()->getName())) {
        E = MC->getImplicitObjectArgument();
      } else {
        break;
      }
    }
    if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      Handed.insert(D);
      return D->getDecl();
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      Handed.insert(ME);
      return ME->getMemberDecl();
    }
    return nullptr;
  }

  const ValueDecl *pointerSource(const Expr *E) {
    if (!E->getType()->isPointerType() && !E->getType()->isReferenceType() &&
        !E->isGLValue())
      return nullptr;
    return memoryOf(E);
  }

  void share(const Expr *Arg) {
    if (!Arg || !canShareMemory(Arg->getType()) &&
                    !(Arg->IgnoreParenImpCasts()->getType()->isArrayType()))
      return hand(Arg);
    if (const ValueDecl *D = memoryOf(Arg))
      U.Shared.insert(D);
  }

  /// Marks the references an argument of a wait, an allocation or a query
  /// makes as handed over (`cudaFree(p)`, `cudaStreamSynchronize(s)`).
  void hand(const Expr *Arg) {
    if (Arg)
      memoryOf(Arg);
  }

  HostUse &U;
  ASTContext &Ctx;
  llvm::SmallPtrSet<const Expr *, 16> Handed;
};

/// Records #if/#ifdef blocks whose condition matches the debug-guard regex.
class GuardCallbacks : public PPCallbacks {
public:
  GuardCallbacks(const SourceManager &SM, const LangOptions &LO, const llvm::Regex &Re,
                 std::vector<SyncInLoopCheck::GuardedBlock> &Out)
      : SM(SM), LO(LO), Re(Re), Out(Out) {}

  void If(SourceLocation Loc, SourceRange Cond, ConditionValueKind) override {
    open(Loc, Lexer::getSourceText(CharSourceRange::getTokenRange(Cond), SM, LO));
  }
  void Ifdef(SourceLocation Loc, const Token &Name, const MacroDefinition &) override {
    open(Loc, Name.getIdentifierInfo() ? Name.getIdentifierInfo()->getName() : "");
  }
  void Ifndef(SourceLocation Loc, const Token &Name, const MacroDefinition &) override {
    llvm::StringRef Macro = Name.getIdentifierInfo() ? Name.getIdentifierInfo()->getName() : "";
    // An include guard (`#ifndef DEBUG_UTILS_H`) guards the whole header.
    for (llvm::StringRef Suffix : {"_H", "_H_", "_HPP", "_HPP_", "_CUH", "_CUH_", "_INCLUDED"})
      if (Macro.ends_with(Suffix))
        Macro = "";
    open(Loc, Macro);
  }
  void Elif(SourceLocation, SourceRange Cond, ConditionValueKind, SourceLocation) override {
    if (!Stack.empty() &&
        Re.match(Lexer::getSourceText(CharSourceRange::getTokenRange(Cond), SM, LO)))
      Stack.back().Matches = true;
  }
  void Endif(SourceLocation Loc, SourceLocation) override {
    if (Stack.empty())
      return;
    Open O = Stack.pop_back_val();
    if (!O.Matches || !Loc.isFileID() || !O.Loc.isFileID())
      return;
    auto [File, Begin] = SM.getDecomposedLoc(O.Loc);
    auto [EndFile, End] = SM.getDecomposedLoc(Loc);
    if (File == EndFile)
      Out.push_back({File, Begin, End});
  }

private:
  struct Open {
    SourceLocation Loc;
    bool Matches;
  };
  void open(SourceLocation Loc, llvm::StringRef Text) {
    Stack.push_back({Loc, !Text.empty() && Re.match(Text)});
  }
  const SourceManager &SM;
  const LangOptions &LO;
  const llvm::Regex &Re;
  std::vector<SyncInLoopCheck::GuardedBlock> &Out;
  llvm::SmallVector<Open, 8> Stack;
};
} // namespace

SyncInLoopCheck::SyncInLoopCheck(llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      UserHeaderRegex(Options.getLocalOrGlobal("UserHeaderRegex", "")),
      CallDepth(Options.getLocalOrGlobal("CallDepth", 2U)),
      EntryPointsOption(Options.getLocalOrGlobal("EntryPoints", "")),
      DebugGuards(Options.get("DebugGuards", "debug|verbose|profil")),
      EntryPoints(EntryPointsOption), DebugGuardRegex(DebugGuards, llvm::Regex::IgnoreCase),
      UserCode(UserHeaderRegex) {
  for (const std::string &E : EntryPoints.errors())
    configurationDiag("%0: EntryPoints: %1") << Name << E;
  std::string Err;
  if (!DebugGuardRegex.isValid(Err)) {
    configurationDiag("%0: DebugGuards: invalid regex '%1': %2") << Name << DebugGuards << Err;
    DebugGuardRegex = llvm::Regex("$^");
  }
  if (!UserCode.regexError().empty())
    configurationDiag("%0: invalid UserHeaderRegex '%1': %2")
        << Name << UserHeaderRegex << UserCode.regexError();
}

SyncInLoopCheck::~SyncInLoopCheck() = default;

void SyncInLoopCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "UserHeaderRegex", UserHeaderRegex);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "EntryPoints", EntryPointsOption);
  Options.store(Opts, "DebugGuards", DebugGuards);
}

void SyncInLoopCheck::registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                                          Preprocessor *) {
  trackErrors(*PP);
  PP->addPPCallbacks(
      std::make_unique<GuardCallbacks>(SM, PP->getLangOpts(), DebugGuardRegex, Guarded));
}

void SyncInLoopCheck::registerMatchers(MatchFinder *Finder) {
  trackErrorContext(*Finder);
  Finder->addMatcher(traverse(TK_AsIs, callExpr(unless(isExpansionInSystemHeader()),
                                                callee(functionDecl(isWaitApi())))
                                           .bind(SyncId)),
                     this);
}

void SyncInLoopCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *S = Result.Nodes.getNodeAs<Stmt>(SyncId);
  if (S && UserCode.isUserCode(S->getBeginLoc(), *Result.SourceManager))
    Deferred.add(Result);
}

void SyncInLoopCheck::onEndOfTranslationUnit() {
  Deferred.replay(UserCode, [&](const MatchFinder::MatchResult &R) { analyze(R); });
  Graph.reset();
  Uses.clear();
  Reported.clear();
  Guarded.clear();
}

const HostUse &SyncInLoopCheck::hostUse(const Stmt &S, ASTContext &Ctx) {
  auto [It, New] = Uses.try_emplace(&S);
  if (New) {
    It->second = std::make_unique<HostUse>();
    HostUseScanner(*It->second, Ctx).TraverseStmt(const_cast<Stmt *>(&S));
  }
  return *It->second;
}

bool SyncInLoopCheck::hostNeedsWait(const RepeatPath &Path, const FunctionDecl &Inner,
                                    ASTContext &Ctx) {
  // The statements the path runs: the loop (or the outer function), each
  // function on the way down, and what they call.
  llvm::SmallVector<std::pair<const Stmt *, unsigned>, 8> Work;
  if (Path.Loop)
    Work.push_back({Path.Loop, 0});
  else if (Path.Outer && Path.Outer->getBody())
    Work.push_back({Path.Outer->getBody(), 0});
  for (const CallExpr *C : Path.Calls)
    if (const FunctionDecl *F = C->getDirectCallee(); F && F->getBody())
      Work.push_back({F->getBody(), 0});
  if (Inner.getBody())
    Work.push_back({Inner.getBody(), 0});

  HostUse All;
  llvm::SmallPtrSet<const Stmt *, 16> Seen;
  while (!Work.empty()) {
    auto [S, Depth] = Work.pop_back_val();
    if (!Seen.insert(S).second)
      continue;
    const HostUse &U = hostUse(*S, Ctx);
    All.Shared.insert(U.Shared.begin(), U.Shared.end());
    All.Touched.insert(U.Touched.begin(), U.Touched.end());
    for (const auto &[From, To] : U.AliasOf)
      All.AliasOf[From] = To;
    All.CopiesToHost |= U.CopiesToHost;
    All.ReadsClock |= U.ReadsClock;
    All.Captures |= U.Captures;
    All.SetsDevice |= U.SetsDevice;
    All.HandsOff |= U.HandsOff;
    All.ReadsTensor |= U.ReadsTensor;
    All.DeviceWork |= U.DeviceWork;
    if (Depth < CalleeDepth)
      for (const FunctionDecl *F : U.Callees)
        if (F->getBody() && !isDeviceOnly(*F))
          Work.push_back({F->getBody(), Depth + 1});
  }
  if (All.CopiesToHost || All.ReadsClock || All.Captures || All.SetsDevice ||
      All.HandsOff || All.ReadsTensor || !All.DeviceWork)
    return true;
  // Memory handed to the device that the host also reads or writes
  // (directly, or through a pointer made from it).
  for (const ValueDecl *D : All.Shared) {
    for (unsigned Hops = 0; D && Hops < 8; ++Hops) {
      if (All.Touched.count(D))
        return true;
      auto It = All.AliasOf.find(D);
      D = It == All.AliasOf.end() ? nullptr : It->second;
    }
  }
  // ... or through an alias of it the host touches.
  for (const auto &[Alias, From] : All.AliasOf)
    if (All.Touched.count(Alias) && All.Shared.count(From))
      return true;
  return false;
}

bool SyncInLoopCheck::underDebugGuard(const CallExpr &Sync, const FunctionDecl &Fn,
                                      ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // Spelled in the body of a macro named like a guard (`DEBUG_SYNC()`).
  for (SourceLocation L = Sync.getBeginLoc(); L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L)) {
    if (SM.isMacroArgExpansion(L))
      continue;
    llvm::StringRef Macro = Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts());
    if (!Macro.empty() && DebugGuardRegex.match(Macro))
      return true;
  }
  // Inside an #if block on a guard.
  auto [File, Offset] = SM.getDecomposedLoc(SM.getExpansionLoc(Sync.getBeginLoc()));
  for (const GuardedBlock &B : Guarded)
    if (B.File == File && B.Begin <= Offset && Offset <= B.End)
      return true;
  // Under an `if` on a guard (`if (debug_sync)`, `if (level == "DEBUG")`).
  return findEnclosing(Sync, Fn, Ctx, [&](const Stmt &Parent, const Stmt *Child) {
           const auto *If = dyn_cast<IfStmt>(&Parent);
           if (!If || Child == If->getCond() || !If->getCond())
             return false;
           CharSourceRange R = CharSourceRange::getTokenRange(If->getCond()->getSourceRange());
           R = Lexer::makeFileCharRange(R, SM, Ctx.getLangOpts());
           return R.isValid() &&
                  DebugGuardRegex.match(Lexer::getSourceText(R, SM, Ctx.getLangOpts()));
         }) != nullptr;
}

bool SyncInLoopCheck::waitTargetVaries(const CallExpr &Sync, const RepeatPath &Path,
                                       const FunctionDecl &Fn, ASTContext &Ctx) {
  if (Path.K == RepeatPath::Kind::Loop && Path.Calls.empty()) {
    LoopInvariance Inv(*Path.Loop, Ctx);
    for (const Expr *Arg : Sync.arguments())
      if (!Inv.isSameAddress(Arg))
        return true;
    return false;
  }
  // Through calls: a stream or event that comes from a parameter must be
  // the same at every call on the path; one held in a member or a global is
  // the same object, unless it is picked by an index.
  PathInvariance Inv(Path, Fn, Ctx);
  for (const Expr *Arg : Sync.arguments()) {
    bool FromParameter = false, Indexed = false;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S)
        return;
      if (const auto *D = dyn_cast<DeclRefExpr>(S))
        FromParameter |= isa<ParmVarDecl>(D->getDecl()) ||
                         (isa<VarDecl>(D->getDecl()) &&
                          cast<VarDecl>(D->getDecl())->hasLocalStorage());
      if (isa<ArraySubscriptExpr>(S) || isa<CXXOperatorCallExpr>(S))
        Indexed = true;
      for (const Stmt *Child : S->children())
        Walk(Child);
    };
    Walk(Arg);
    if (Indexed || (FromParameter && !Inv.isInvariant(Arg)))
      return true;
  }
  return false;
}

void SyncInLoopCheck::analyze(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const auto *Sync = Result.Nodes.getNodeAs<CallExpr>(SyncId);
  const FunctionDecl *Fn = Sync ? enclosingCallable(*Sync, Ctx) : nullptr;
  if (!Fn || isDeviceOnly(*Fn) || Fn->isDependentContext() || inBrokenCode(*Fn, Ctx))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(Sync->getBeginLoc());
  if (Reported.count(Loc))
    return;
  if (!Graph)
    Graph = std::make_unique<CallGraph>(Ctx, UserCode, EntryPoints);
  std::optional<RepeatPath> Path = whyRepeated(*Sync, *Fn, *Graph, CallDepth);
  if (!Path || underDebugGuard(*Sync, *Fn, Ctx) || waitTargetVaries(*Sync, *Path, *Fn, Ctx) ||
      hostNeedsWait(*Path, *Fn, Ctx))
    return;
  Reported.insert(Loc);
  bool OwnLoop = Path->K == RepeatPath::Kind::Loop && Path->Calls.empty();
  diag(Loc, withTag("%0 makes the host wait for the device on every "
                    "%select{iteration|call of %2}1, and nothing on the host "
                    "reads what the device produced before it runs again; let "
                    "the stream order the work and wait once, %select{after the "
                    "loop|where the results are read}3",
                    DeferTag))
      << api::spelledApiName(*Sync->getDirectCallee()) << !OwnLoop << Fn
      << (Path->K == RepeatPath::Kind::EntryPoint);
  describePath(*Path, SM, [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *Named) {
    auto D = diag(L, Text, DiagnosticIDs::Note);
    if (Named)
      D << Named;
  });
}

} // namespace sysopt
