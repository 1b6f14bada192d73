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
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <functional>

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
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
    if (!Arg)
      return;
    if (!canShareMemory(Arg->getType()) &&
        !Arg->IgnoreParenImpCasts()->getType()->isArrayType())
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

/// The conditions of the #if/#ifdef/#ifndef/#elif blocks around `Offset`
/// in `Text`, outermost first. Read from the text instead of a PPCallbacks
/// subclass: the plugin must load into a stock clang-tidy of another LLVM
/// version to tell the user so (its vtable would name missing symbols).
/// Include guards (`#ifndef FOO_H`) are left out.
llvm::SmallVector<std::string, 4> conditionsAround(llvm::StringRef Text, size_t Offset) {
  llvm::SmallVector<std::string, 4> Stack;
  size_t Pos = 0;
  while (Pos < Offset && Pos < Text.size()) {
    size_t End = Text.find('\n', Pos);
    if (End == llvm::StringRef::npos)
      End = Text.size();
    llvm::StringRef Line = Text.slice(Pos, End).ltrim();
    Pos = End + 1;
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    auto Directive = [&](llvm::StringRef Word) {
      if (!Line.starts_with(Word))
        return false;
      llvm::StringRef Rest = Line.drop_front(Word.size());
      return Rest.empty() || Rest.front() == ' ' || Rest.front() == '\t' || Rest.front() == '(' ||
             Rest.front() == '!';
    };
    if (Directive("ifndef")) {
      llvm::StringRef Macro = Line.drop_front(6).trim();
      bool Guard = false;
      for (llvm::StringRef Suffix : {"_H", "_H_", "_HPP", "_HPP_", "_CUH", "_CUH_", "_INCLUDED"})
        Guard |= Macro.ends_with(Suffix);
      Stack.push_back(Guard ? "" : Macro.str());
    } else if (Directive("ifdef") || Directive("if")) {
      Stack.push_back(Line.str());
    } else if (Directive("elif") || Directive("elifdef") || Directive("elifndef")) {
      if (!Stack.empty())
        Stack.back() += " " + Line.str();
    } else if (Directive("endif")) {
      if (!Stack.empty())
        Stack.pop_back();
    }
  }
  return Stack;
}
} // namespace

SyncInLoopCheck::SyncInLoopCheck(llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : RepeatedPathCheck(Name, Context),
      DebugGuards(Options.get("DebugGuards", "debug|verbose|profil")),
      DebugGuardRegex(DebugGuards, llvm::Regex::IgnoreCase) {
  std::string Err;
  if (!DebugGuardRegex.isValid(Err)) {
    configurationDiag("%0: DebugGuards: invalid regex '%1': %2") << Name << DebugGuards << Err;
    DebugGuardRegex = llvm::Regex("$^");
  }
}

SyncInLoopCheck::~SyncInLoopCheck() = default;

void SyncInLoopCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  RepeatedPathCheck::storeOptions(Opts);
  Options.store(Opts, "DebugGuards", DebugGuards);
}

void SyncInLoopCheck::registerMatchers(MatchFinder *Finder) {
  registerBaseMatchers(*Finder);
  Finder->addMatcher(traverse(TK_AsIs, callExpr(unless(isExpansionInSystemHeader()),
                                                callee(functionDecl(isWaitApi())))
                                           .bind(CandidateId)),
                     this);
}

void SyncInLoopCheck::endTranslationUnit() {
  Uses.clear();
  NeedsWait.clear();
  Closures.clear();
  TimesItself.clear();
  Invariance.clear();
  Reported.clear();
}

const HostUse &SyncInLoopCheck::hostUse(const Stmt &S, ASTContext &Ctx) {
  auto [It, New] = Uses.try_emplace(&S);
  if (New) {
    It->second = std::make_unique<HostUse>();
    HostUseScanner(*It->second, Ctx).TraverseStmt(const_cast<Stmt *>(&S));
  }
  return *It->second;
}

static void merge(HostUse &Into, const HostUse &U) {
  Into.Shared.insert(U.Shared.begin(), U.Shared.end());
  Into.Touched.insert(U.Touched.begin(), U.Touched.end());
  for (const auto &[From, To] : U.AliasOf)
    Into.AliasOf[From] = To;
  Into.CopiesToHost |= U.CopiesToHost;
  Into.ReadsClock |= U.ReadsClock;
  Into.Captures |= U.Captures;
  Into.SetsDevice |= U.SetsDevice;
  Into.HandsOff |= U.HandsOff;
  Into.ReadsTensor |= U.ReadsTensor;
  Into.DeviceWork |= U.DeviceWork;
}

const HostUse &SyncInLoopCheck::closure(const Stmt &S, unsigned Depth, ASTContext &Ctx) {
  // What `S` does and what the functions it calls do, CalleeDepth - Depth
  // levels down; cached, since every wait of a loop asks about the loop
  // and the helpers it calls.
  auto Key = std::make_pair(&S, Depth);
  if (auto It = Closures.find(Key); It != Closures.end())
    return *It->second;
  auto Result = std::make_unique<HostUse>();
  const HostUse &Own = hostUse(S, Ctx);
  merge(*Result, Own);
  if (Depth < CalleeDepth) {
    llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
    for (const FunctionDecl *F : Own.Callees)
      if (F->getBody() && !isDeviceOnly(*F) && Seen.insert(F).second && F->getBody() != &S)
        merge(*Result, closure(*F->getBody(), Depth + 1, Ctx));
  }
  return *Closures.emplace(Key, std::move(Result)).first->second;
}

bool SyncInLoopCheck::hostNeedsWait(const RepeatPath &Path, const FunctionDecl &Inner,
                                    ASTContext &Ctx) {
  // Many waits on one path (a loop with a wait after every launch) share
  // the answer.
  std::vector<const void *> Key = {Path.Loop ? static_cast<const void *>(Path.Loop)
                                             : static_cast<const void *>(Path.Outer),
                                   &Inner};
  for (const CallExpr *C : Path.Calls)
    Key.push_back(C);
  auto [Cached, New] = NeedsWait.try_emplace(Key, false);
  if (New)
    Cached->second = computeHostNeedsWait(Path, Inner, Ctx);
  return Cached->second;
}

bool SyncInLoopCheck::computeHostNeedsWait(const RepeatPath &Path, const FunctionDecl &Inner,
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

  // A function that reads a clock around its loop times it: the wait may
  // be part of what is measured.
  if (Path.Outer && Path.Outer->getBody()) {
    auto [It, New] = TimesItself.try_emplace(Path.Outer, false);
    if (New)
      It->second = callsAny(*Path.Outer->getBody(),
                            [](const FunctionDecl &F) { return api::isClockRead(&F); });
    if (It->second)
      return true;
  }
  HostUse All;
  for (auto [S, Depth] : Work)
    merge(All, closure(*S, Depth, Ctx));
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
  for (const std::string &Cond : conditionsAround(SM.getBufferData(File), Offset))
    if (!Cond.empty() && DebugGuardRegex.match(Cond))
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
    std::unique_ptr<LoopInvariance> &Inv = Invariance[Path.Loop];
    if (!Inv)
      Inv = std::make_unique<LoopInvariance>(*Path.Loop, Ctx);
    for (const Expr *Arg : Sync.arguments())
      if (!Inv->isSameAddress(Arg))
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
  const auto *Sync = Result.Nodes.getNodeAs<CallExpr>(CandidateId);
  const FunctionDecl *Fn = Sync ? enclosingCallable(*Sync, Ctx) : nullptr;
  if (!Fn || isDeviceOnly(*Fn) || Fn->isDependentContext() || inBrokenCode(*Fn, Ctx))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(Sync->getBeginLoc());
  if (Reported.count(Loc))
    return;
  // Loops in setup or teardown code (a constructor, a destructor, an init
  // or a debug dump) are left alone by repeatedPath.
  std::optional<RepeatPath> Path = repeatedPath(*Sync, *Fn, Ctx);
  if (!Path || hostNeedsWait(*Path, *Fn, Ctx) || underDebugGuard(*Sync, *Fn, Ctx) ||
      waitTargetVaries(*Sync, *Path, *Fn, Ctx))
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
      << (Path->K == RepeatPath::Kind::EntryPoint || Path->K == RepeatPath::Kind::External);
  describePath(*Path, SM, [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *Named) {
    auto D = diag(L, Text, DiagnosticIDs::Note);
    if (Named)
      D << Named;
  });
}

} // namespace sysopt
