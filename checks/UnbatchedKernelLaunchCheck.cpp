//===- UnbatchedKernelLaunchCheck.cpp - sysopt-unbatched-kernel-launch ----===//
#include "UnbatchedKernelLaunchCheck.h"
#include <functional>
#include "sysopt/AnalysisScope.h"
#include "sysopt/ApiModels.h"
#include "sysopt/CopyCost.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/FixItBuilders.h"
#include "sysopt/LoopAnalysis.h"
#include "sysopt/Taxonomy.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
constexpr llvm::StringLiteral LoopId = "loop";
constexpr Tag BatchTag{Principle::Reordering, Method::Batching};

/// Whether `E` mentions `Var`.
bool mentions(const Expr *E, const VarDecl *Var) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Var;
    bool Found = false;
    bool VisitDeclRefExpr(DeclRefExpr *D) {
      Found |= D->getDecl() == Var;
      return !Found;
    }
  } F;
  F.Var = Var;
  F.TraverseStmt(const_cast<Expr *>(E));
  return F.Found;
}

/// A pointer argument seen as base + offset: `p + off`, `&p[off]`, or an
/// element of a pointer table `ptrs[off]`.
struct Slice {
  const Expr *Base = nullptr;
  const Expr *Offset = nullptr;
  bool TableElement = false;
};

Slice sliceOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (isa<CStyleCastExpr, CXXConstCastExpr, CXXStaticCastExpr>(E))
    E = cast<ExplicitCastExpr>(E)->getSubExpr()->IgnoreParenImpCasts();
  Slice S;
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Add && BO->getLHS()->getType()->isPointerType()) {
      S.Base = BO->getLHS()->IgnoreParenImpCasts();
      S.Offset = BO->getRHS()->IgnoreParenImpCasts();
      return S;
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(UO->getSubExpr()->IgnoreParens())) {
        S.Base = AS->getBase()->IgnoreParenImpCasts();
        S.Offset = AS->getIdx()->IgnoreParenImpCasts();
        return S;
      }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    S.Base = AS->getBase()->IgnoreParenImpCasts();
    S.Offset = AS->getIdx()->IgnoreParenImpCasts();
    S.TableElement = true;
    return S;
  }
  S.Base = E;
  return S;
}

/// `i * S` or `S * i`: the stride S.
const Expr *strideOf(const Expr *Offset, const VarDecl *Index) {
  const auto *BO = dyn_cast_or_null<BinaryOperator>(Offset ? Offset->IgnoreParenImpCasts() : nullptr);
  if (!BO || BO->getOpcode() != BO_Mul)
    return nullptr;
  auto IsIndex = [&](const Expr *E) {
    const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return D && D->getDecl() == Index;
  };
  if (IsIndex(BO->getLHS()))
    return BO->getRHS()->IgnoreParenImpCasts();
  if (IsIndex(BO->getRHS()))
    return BO->getLHS()->IgnoreParenImpCasts();
  return nullptr;
}

/// `++i`, `i++`, `i += 1` or `i = i + 1`: the loop visits every index.
bool isUnitStep(const Expr *Inc, const VarDecl *Var, const ASTContext &Ctx) {
  if (!Inc)
    return false;
  Inc = Inc->IgnoreParenImpCasts();
  auto IsVar = [&](const Expr *E) {
    const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return D && D->getDecl() == Var;
  };
  auto IsOne = [&](const Expr *E) {
    Expr::EvalResult R;
    return E->EvaluateAsInt(R, Ctx) && R.Val.getInt() == 1;
  };
  if (const auto *U = dyn_cast<UnaryOperator>(Inc))
    return U->isIncrementOp() && IsVar(U->getSubExpr());
  if (const auto *C = dyn_cast<CompoundAssignOperator>(Inc))
    return C->getOpcode() == BO_AddAssign && IsVar(C->getLHS()) &&
           IsOne(C->getRHS());
  if (const auto *B = dyn_cast<BinaryOperator>(Inc))
    if (B->getOpcode() == BO_Assign && IsVar(B->getLHS()))
      if (const auto *Sum =
              dyn_cast<BinaryOperator>(B->getRHS()->IgnoreParenImpCasts()))
        return Sum->getOpcode() == BO_Add &&
               ((IsVar(Sum->getLHS()) && IsOne(Sum->getRHS())) ||
                (IsOne(Sum->getLHS()) && IsVar(Sum->getRHS())));
  return false;
}

/// The factors of a product offset such as `b * m * n` (left-associated)
/// other than the index `b`, which must occur exactly once: {m, n}.
std::optional<llvm::SmallVector<const Expr *, 4>>
strideFactors(const Expr *Offset, const VarDecl *Index) {
  llvm::SmallVector<const Expr *, 4> Factors;
  unsigned IndexCount = 0;
  std::function<void(const Expr *)> Walk = [&](const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Mul) {
      Walk(BO->getLHS());
      Walk(BO->getRHS());
      return;
    }
    const auto *D = dyn_cast<DeclRefExpr>(E);
    if (D && D->getDecl() == Index)
      ++IndexCount;
    else
      Factors.push_back(E);
  };
  if (!Offset)
    return std::nullopt;
  Walk(Offset);
  if (IndexCount != 1 || Factors.empty())
    return std::nullopt;
  return Factors;
}

/// Two slices of one buffer at different offsets (a layer stack reading
/// slice i and writing slice i + 1) chain the iterations.
bool chainsIterations(llvm::ArrayRef<Slice> Slices, const ASTContext &Ctx) {
  for (unsigned I = 0; I < Slices.size(); ++I)
    for (unsigned J = I + 1; J < Slices.size(); ++J) {
      llvm::FoldingSetNodeID A, B, OA, OB;
      Slices[I].Base->Profile(A, Ctx, true);
      Slices[J].Base->Profile(B, Ctx, true);
      if (A != B)
        continue;
      Slices[I].Offset->Profile(OA, Ctx, true);
      Slices[J].Offset->Profile(OB, Ctx, true);
      if (OA != OB)
        return true;
    }
  return false;
}

std::string text(const Expr *E, ASTContext &Ctx) { return E ? sourceText(*E, Ctx) : ""; }

bool sameValue(const Expr *A, const Expr *B, const ASTContext &Ctx) {
  if (!A || !B)
    return false;
  llvm::FoldingSetNodeID IA, IB;
  A->IgnoreParenImpCasts()->Profile(IA, Ctx, true);
  B->IgnoreParenImpCasts()->Profile(IB, Ctx, true);
  return IA == IB;
}

/// Whether `Body` opens an NCCL group: a call to ncclGroupStart or to a
/// helper that opens one, or a local RAII group guard.
bool opensNcclGroupIn(const Stmt &Body) {
  return callsAny(Body, [](const FunctionDecl &F) { return api::opensNcclGroup(&F); });
}

/// Whether a function of this translation unit (within the analysis scope)
/// that opens an NCCL group calls `Fn`: the group is then the caller's.
bool calledInsideNcclGroup(const FunctionDecl &Fn, ASTContext &Ctx) {
  struct FindCallers : RecursiveASTVisitor<FindCallers> {
    const FunctionDecl *Target;
    bool Found = false;
    bool VisitFunctionDecl(FunctionDecl *FD) {
      if (!Found && FD->doesThisDeclarationHaveABody() && FD->getBody() &&
          callsAny(*FD->getBody(), [&](const FunctionDecl &Callee) {
            return Callee.getCanonicalDecl() == Target;
          }))
        Found = opensNcclGroupIn(*FD->getBody());
      return !Found;
    }
  } Callers;
  Callers.Target = Fn.getCanonicalDecl();
  Callers.TraverseAST(Ctx);
  return Callers.Found;
}
} // namespace

/// What the check knows about one loop.
struct UnbatchedKernelLaunchCheck::Loop {
  const Stmt &S;
  const FunctionDecl &Fn;
  ASTContext &Ctx;
  LoopInvariance Inv;
  const VarDecl *IterVar = nullptr; // induction variable or range-for element
  const Expr *Start = nullptr, *Bound = nullptr; // for (i = Start; i < Bound; ++i)
  bool UnitStep = false; // the increment is ++i, i++, i += 1 or i = i + 1
  bool OwnCounter = false; // the counter is declared in the for-init
  std::optional<int64_t> TripCount;
  bool SetsDevice = false, Captured = false;
  bool Instantiated = false; // in a template instantiation: no edits
  Loop(const Stmt &S, const FunctionDecl &Fn, ASTContext &Ctx)
      : S(S), Fn(Fn), Ctx(Ctx), Inv(S, Ctx) {}

  /// Variables stepped by the same amount each iteration besides IterVar
  /// (`++i, p += stride`; `off += chunk` in a while loop).
  llvm::SmallVector<const VarDecl *, 2> Inductions;

  bool dependsOnIteration(const Expr *E) const {
    if (IterVar && mentions(E, IterVar))
      return true;
    for (const VarDecl *V : Inductions)
      if (mentions(E, V))
        return true;
    return false;
  }

  /// A pointer the loop steps (`p` in `p += stride`): each iteration's value
  /// is a slice of the buffer it started at.
  bool isInductionPointer(const Expr *E) const {
    const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
    const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
    return V && V->getType()->isPointerType() && llvm::is_contained(Inductions, V);
  }

  /// A pointer or integer declared in the loop and never changed after its
  /// initialisation (`float *row = out + i * n;`) stands for its initialiser.
  const Expr *resolve(const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!V || !V->hasInit() || !(V->getType()->isPointerType() || V->getType()->isIntegerType()) ||
        !Inv.isUnchangedAfterInit(V))
      return E;
    return V->getInit();
  }
};

/// Replaces the loop `L` (a `for (i = 0; i < N; ++i)` whose body is one
/// call) with the single call `Call` (no `;`). A bound of signed type may be
/// negative, where the loop did nothing: the call is then guarded. No edit
/// when the loop's text holds more than the replacement keeps: a
/// preprocessor directive, a comment, or a macro the new call does not
/// spell (with `TRACE` defined, `#ifdef TRACE trace(c); #endif` runs).
static std::optional<FixItHint> replaceLoopWith(const Stmt &Loop, const Expr *Bound,
                                                ASTContext &Ctx, std::string Call,
                                                const CallExpr &Original) {
  // The original callee may be a macro (cublasSgemm -> cublasSgemm_v2).
  CharSourceRange CalleeRange = fileRange(Original.getCallee()->getSourceRange(), Ctx);
  std::string Callee = CalleeRange.isValid()
                           ? Lexer::getSourceText(CalleeRange, Ctx.getSourceManager(),
                                                  Ctx.getLangOpts())
                                 .str()
                           : "";
  llvm::SmallVector<llvm::StringRef, 8> Kept = {Callee};
  llvm::StringRef Rest = Call;
  while (!Rest.empty()) {
    size_t B = Rest.find_if([](char C) { return isalpha(static_cast<unsigned char>(C)) || C == '_'; });
    if (B == llvm::StringRef::npos)
      break;
    Rest = Rest.drop_front(B);
    size_t E = Rest.find_if_not([](char C) { return isalnum(static_cast<unsigned char>(C)) || C == '_'; });
    Kept.push_back(Rest.take_front(E));
    Rest = E == llvm::StringRef::npos ? llvm::StringRef() : Rest.drop_front(E);
  }
  std::vector<std::string> Comments;
  if (hasHiddenText(CharSourceRange::getTokenRange(Loop.getSourceRange()), Ctx, Kept,
                    &Comments) ||
      followsPragma(Loop.getBeginLoc(), Ctx))
    return std::nullopt;
  // The loop's own `;` ends a single-statement body; a block needs one.
  if (isa<CompoundStmt>(loopBody(Loop)))
    Call += ";";
  // Comments of the loop stay, each on its own line before the call.
  std::string Indent = indentationAt(Loop.getBeginLoc(), Ctx.getSourceManager());
  std::string Prefix;
  for (const std::string &C : Comments)
    Prefix += C + "\n" + Indent;
  if (Bound->getType()->isSignedIntegerType()) {
    Expr::EvalResult B;
    if (!(Bound->EvaluateAsInt(B, Ctx) && B.Val.getInt().isNonNegative())) {
      // The guard is an `if` without `else`: outside a block it would take
      // an `else` that belongs to an enclosing `if` (`if (c) for (...) ...;
      // else ...`).
      DynTypedNodeList Parents = Ctx.getParents(Loop);
      if (Parents.empty() || !Parents[0].get<CompoundStmt>())
        return std::nullopt;
      Call = "if ((" + text(Bound, Ctx) + ") > 0)\n" + Indent + "  " + Call;
    }
  }
  return FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Loop.getSourceRange()), Prefix + Call);
}

/// `(Bound) * Bytes` computed in the type of the byte count: `size_t`, so
/// that an `int` trip count times an `int` slice size cannot overflow
/// before the widening (32768 x 65536 floats). Empty when the translation
/// unit does not declare `size_t`.
static std::string totalBytes(const Expr *Bound, const Expr *Bytes, ASTContext &Ctx) {
  if (Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("size_t")).empty())
    return "";
  std::string B = text(Bound, Ctx), N = text(Bytes, Ctx);
  if (B.empty() || N.empty())
    return "";
  std::string Wide = Ctx.getLangOpts().CPlusPlus ? "static_cast<size_t>(" + B + ")"
                                                 : "(size_t)(" + B + ")";
  return Wide + " * (" + N + ")";
}

UnbatchedKernelLaunchCheck::UnbatchedKernelLaunchCheck(
    llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      MinTripCount(Options.get("MinTripCount", 4U)),
      WarnOnUnknownTripCount(Options.get("WarnOnUnknownTripCount", true)),
      LaunchWrappers(Options.get("LaunchWrappers", "")),
      ApiWrappersOption(Options.getLocalOrGlobal("ApiWrappers", "")),
      UserHeaderRegex(Options.getLocalOrGlobal("UserHeaderRegex", "")),
      CallDepth(Options.getLocalOrGlobal("CallDepth", 2U)),
      Wrappers(LaunchWrappers), ApiWrappers(ApiWrappersOption),
      UserCode(UserHeaderRegex) {
  for (const std::string &E : Wrappers.errors())
    configurationDiag("%0: LaunchWrappers: %1") << Name << E;
  for (const std::string &E : ApiWrappers.errors())
    configurationDiag("%0: ApiWrappers: %1") << Name << E;
  if (!UserCode.regexError().empty())
    configurationDiag("%0: invalid UserHeaderRegex '%1': %2")
        << Name << UserHeaderRegex << UserCode.regexError();
}

void UnbatchedKernelLaunchCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MinTripCount", MinTripCount);
  Options.store(Opts, "WarnOnUnknownTripCount", WarnOnUnknownTripCount);
  Options.store(Opts, "LaunchWrappers", LaunchWrappers);
  Options.store(Opts, "ApiWrappers", ApiWrappersOption);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "UserHeaderRegex", UserHeaderRegex);
}

void UnbatchedKernelLaunchCheck::registerPPCallbacks(
    const SourceManager &, Preprocessor *PP, Preprocessor *) {
  trackErrors(*PP);
}

void UnbatchedKernelLaunchCheck::registerMatchers(MatchFinder *Finder) {
  trackErrorContext(*Finder);
  addLoopMatchers(*Finder, this, LoopId);
}

void UnbatchedKernelLaunchCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>(LoopId);
  if (Loop && UserCode.isUserCode(Loop->getBeginLoc(), *Result.SourceManager))
    Deferred.add(Result);
}

void UnbatchedKernelLaunchCheck::onEndOfTranslationUnit() {
  Deferred.replay(UserCode, [&](const MatchFinder::MatchResult &R) { analyze(R); });
  OperationCache.clear();
  InstantiatedLoops.clear();
}

void UnbatchedKernelLaunchCheck::analyze(const MatchFinder::MatchResult &Result) {
  const auto *LoopStmt = Result.Nodes.getNodeAs<Stmt>(LoopId);
  ASTContext &Ctx = *Result.Context;
  const FunctionDecl *Fn =
      LoopStmt ? enclosingCallable(*LoopStmt, Ctx) : nullptr;
  if (!LoopStmt || !Fn || inBrokenCode(*Fn, Ctx) ||
      !UserCode.isUserCode(LoopStmt->getBeginLoc(), *Result.SourceManager) ||
      isOutOfInstantiationScope(*Fn) || runsAtMostOnce(*LoopStmt, Ctx))
    return;
  // A template's loop is analyzed in its first instantiation, and reported
  // once at the template's source, without edits (the text is shared by
  // every instantiation).
  bool Instantiated = isInTemplateInstantiation(*Fn);
  if (Instantiated && !InstantiatedLoops.insert(LoopStmt->getBeginLoc()).second)
    return;

  LoopCalls Own = collectLoopCalls(*LoopStmt, Ctx);
  llvm::SmallVector<const CallExpr *, 8> Calls(Own.InCondition.begin(),
                                               Own.InCondition.end());
  Calls.append(Own.Elsewhere.begin(), Own.Elsewhere.end());
  // Cheap exit: most loops issue nothing we batch.
  bool Interesting = false;
  for (const CallExpr *C : Calls)
    Interesting |= isa<CUDAKernelCallExpr>(C) || api::isBatchableRole(roleOf(*C)) ||
                   operationOf(C->getDirectCallee(), CallDepth) ||
                   api::isTensorType(C->getType());
  if (!Interesting)
    return;

  Loop L(*LoopStmt, *Fn, Ctx);
  L.Instantiated = Instantiated;
  if (const auto *F = dyn_cast<ForStmt>(LoopStmt)) {
    const auto *Init = dyn_cast_or_null<DeclStmt>(F->getInit());
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(
        F->getCond() ? F->getCond()->IgnoreParenImpCasts() : nullptr);
    // `for (int i = A; ...)`, or C's `for (i = A; ...)` with a local counter
    // declared before the loop (which keeps its final value after it: no
    // loop-replacing fix then).
    const VarDecl *Counter = nullptr;
    const Expr *CounterStart = nullptr;
    if (Init && Init->isSingleDecl()) {
      Counter = dyn_cast<VarDecl>(Init->getSingleDecl());
      CounterStart = Counter ? Counter->getInit() : nullptr;
      L.OwnCounter = true;
    } else if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(F->getInit())) {
      const auto *DRE = dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
      const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (Assign->getOpcode() == BO_Assign && V && V->hasLocalStorage() &&
          !V->getType()->isReferenceType()) {
        Counter = V;
        CounterStart = Assign->getRHS();
      }
    }
    if (const VarDecl *V = Counter; V && V->getType()->isIntegerType()) {
      L.IterVar = V;
      L.Start = CounterStart;
      if (Cond && Cond->getOpcode() == BO_LT &&
          isa<DeclRefExpr>(Cond->getLHS()->IgnoreParenImpCasts()) &&
          cast<DeclRefExpr>(Cond->getLHS()->IgnoreParenImpCasts())->getDecl() == V)
        L.Bound = Cond->getRHS()->IgnoreParenImpCasts();
      L.UnitStep = isUnitStep(F->getInc(), V, Ctx);
    }
    Expr::EvalResult A, B;
    if (L.Start && L.Bound && L.Start->EvaluateAsInt(A, Ctx) && L.Bound->EvaluateAsInt(B, Ctx))
      L.TripCount = B.Val.getInt().getExtValue() - A.Val.getInt().getExtValue();
  } else if (const auto *R = dyn_cast<CXXForRangeStmt>(LoopStmt)) {
    L.IterVar = R->getLoopVariable();
    if (const auto *CA = Ctx.getAsConstantArrayType(R->getRangeInit()->getType()))
      L.TripCount = CA->getSize().getZExtValue();
  }
  // Offsets and pointers stepped per iteration: the for increment's extra
  // steps, a while or do loop's `off += chunk` or `++first`.
  if (!isa<CXXForRangeStmt>(LoopStmt)) {
    L.Inductions = inductionVariables(*LoopStmt, Ctx);
    if (!L.IterVar && !L.Inductions.empty())
      L.IterVar = L.Inductions.front();
  }
  for (const CallExpr *C : Calls)
    L.SetsDevice |= api::isSetDevice(C->getDirectCallee());
  // A loop inside stream capture is already recorded into one graph.
  L.Captured = callsAny(*Fn->getBody(), [](const FunctionDecl &F) {
    return api::isStreamCaptureBegin(&F);
  });

  checkCollectives(Calls, L);

  bool TripCountOk = L.TripCount ? *L.TripCount >= MinTripCount : WarnOnUnknownTripCount;
  if (!TripCountOk || L.Captured || L.SetsDevice || !L.IterVar)
    return;
  checkTensorSlices(Calls, L);
  for (const CallExpr *C : Calls) {
    if (const Operation *Inner = operationOf(C->getDirectCallee(), CallDepth)) {
      checkOneCallDeep(*C, *Inner, L);
      continue;
    }
    if (const auto *K = dyn_cast<CUDAKernelCallExpr>(C)) {
      llvm::SmallVector<const Expr *, 4> Config(K->getConfig()->arguments());
      llvm::SmallVector<const Expr *, 8> Args(K->arguments());
      checkLaunch(*C, Config, Args, K->getDirectCallee(), L);
      continue;
    }
    const FunctionDecl *FD = C->getDirectCallee();
    if (Wrappers.contains(FD) || api::isBatchableRole(ApiWrappers.wrapperRole(FD))) {
      llvm::SmallVector<const Expr *, 8> Args(C->arguments());
      checkLaunch(*C, {}, Args, FD, L,
                  Wrappers.contains(FD) ? api::Role::Launch : ApiWrappers.wrapperRole(FD));
      continue;
    }
    switch (api::classifyBatchable(FD)) {
    case api::BatchableKind::Transfer:
      checkTransfer(*C, L);
      break;
    case api::BatchableKind::Gemm:
      checkGemm(*C, L);
      break;
    case api::BatchableKind::KernelLaunch:
      if (C->getNumArgs() >= 6) {
        // cudaLaunchKernel(func, grid, block, args, shmem, stream): the
        // arguments are behind a void** we cannot see into; config only.
        llvm::SmallVector<const Expr *, 4> Config = {C->getArg(1), C->getArg(2),
                                                     C->getArg(4), C->getArg(5)};
        if (!L.Inv.isSameAddress(C->getArg(0)))
          break;
        bool ConfigOk = true;
        for (const Expr *E : Config)
          ConfigOk &= L.Inv.isSameAddress(E);
        if (ConfigOk && L.dependsOnIteration(C->getArg(3))) {
          diag(Ctx.getSourceManager().getExpansionLoc(C->getBeginLoc()),
               withTag("the same kernel is launched once per iteration; launch it "
                       "once over all slices or capture the loop in a CUDA Graph",
                       BatchTag));
          diag(L.S.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
        }
      }
      break;
    default:
      break;
    }
  }
}

void UnbatchedKernelLaunchCheck::checkLaunch(const CallExpr &Call,
                                             llvm::ArrayRef<const Expr *> Config,
                                             llvm::ArrayRef<const Expr *> Args,
                                             const FunctionDecl *Kernel, Loop &L,
                                             api::Role Role) {
  // Grid, block, shared memory and stream are the same every iteration
  // (ragged segments change them).
  for (const Expr *E : Config)
    if (!L.Inv.isSameAddress(E))
      return;
  bool AnySlice = false;
  llvm::SmallVector<Slice, 8> Slices;
  for (unsigned I = 0; I < Args.size(); ++I) {
    const Expr *A = L.resolve(Args[I]);
    if (L.isInductionPointer(A)) {
      AnySlice = true;
      Slices.push_back({A, A, false});
      continue;
    }
    if (L.dependsOnIteration(A)) {
      Slice S = sliceOf(A);
      if (!S.Offset || L.dependsOnIteration(S.Base) || !L.Inv.isSameAddress(S.Base))
        return; // not a slice of a fixed buffer
      AnySlice = true;
      Slices.push_back(S);
      continue;
    }
    if (!L.Inv.isSameAddress(A))
      return; // something the loop changes: a visible dependency
    // The same writable buffer every iteration: iterations may depend on
    // each other through it.
    // (Opaque handles such as cudaStream_t point to incomplete types.)
    QualType T = A->IgnoreParenImpCasts()->getType();
    if (T->isPointerType() && !T->getPointeeType().isConstQualified() &&
        !(T->getPointeeType()->isRecordType() &&
          T->getPointeeType()->isIncompleteType()) &&
        Kernel && I < Kernel->getNumParams() &&
        !Kernel->getParamDecl(I)->getType()->getPointeeType().isConstQualified())
      return;
  }
  if (!AnySlice || chainsIterations(Slices, L.Ctx))
    return;
  const SourceManager &SM = L.Ctx.getSourceManager();
  if (Role == api::Role::Launch)
    diag(SM.getExpansionLoc(Call.getBeginLoc()),
         withTag("kernel %0 is launched once per iteration on a slice of the "
                 "data; launch it once over all slices (an extra grid dimension "
                 "or index), or capture the loop once in a CUDA Graph and replay it",
                 BatchTag))
        << Kernel;
  else // a project wrapper named by ApiWrappers with its role
    diag(SM.getExpansionLoc(Call.getBeginLoc()),
         withTag("%0 issues %1 once per iteration on a slice of the data; issue "
                 "one operation over all slices",
                 BatchTag))
        << Kernel << api::roleNoun(Role);
  diag(L.S.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
}

void UnbatchedKernelLaunchCheck::checkTransfer(const CallExpr &Call, Loop &L) {
  std::optional<api::LinearCopy> Copy = api::asLinearCopy(&Call, L.Ctx);
  if (!Copy || !Copy->IsCuda)
    return;
  // Kind and stream are fixed, the size does not change (ragged segments
  // do), and both ends move with the iteration.
  for (unsigned I = 2; I < Call.getNumArgs(); ++I)
    if (!L.Inv.isSameAddress(Call.getArg(I)))
      return;
  const Expr *DstArg = L.resolve(Copy->Dst), *SrcArg = L.resolve(Copy->Src);
  if (!L.dependsOnIteration(DstArg) || !L.dependsOnIteration(SrcArg))
    return;
  Slice Dst = sliceOf(DstArg), Src = sliceOf(SrcArg);
  // A move inside one buffer: one iteration may read what another wrote.
  if (Dst.Base && Src.Base && sameValue(Dst.Base, Src.Base, L.Ctx))
    return;
  bool Fixed = Dst.Offset && Src.Offset && !L.dependsOnIteration(Dst.Base) &&
               !L.dependsOnIteration(Src.Base) && L.Inv.isSameAddress(Dst.Base) &&
               L.Inv.isSameAddress(Src.Base) && !Dst.TableElement && !Src.TableElement;

  // Contiguous: dst = D + i * S, src = H + i * S, bytes = S * sizeof(T).
  std::vector<FixItHint> Fixes;
  bool Contiguous = false;
  const Expr *DS = Fixed ? strideOf(Dst.Offset, L.IterVar) : nullptr;
  const Expr *SS = Fixed ? strideOf(Src.Offset, L.IterVar) : nullptr;
  ASTContext &Ctx = L.Ctx;
  if (DS && SS && sameValue(DS, SS, Ctx)) {
    const auto *Bytes = dyn_cast<BinaryOperator>(Copy->Bytes->IgnoreParenImpCasts());
    QualType Elem = Dst.Base->getType()->getPointeeType();
    if (Bytes && Bytes->getOpcode() == BO_Mul && !Elem.isNull()) {
      for (const Expr *Side : {Bytes->getLHS(), Bytes->getRHS()}) {
        const Expr *Other = Side == Bytes->getLHS() ? Bytes->getRHS() : Bytes->getLHS();
        const auto *SizeOf = dyn_cast<UnaryExprOrTypeTraitExpr>(Side->IgnoreParenImpCasts());
        if (SizeOf && SizeOf->getKind() == UETT_SizeOf &&
            Ctx.hasSameUnqualifiedType(SizeOf->getTypeOfArgument(), Elem) &&
            sameValue(Other, DS, Ctx))
          Contiguous = true;
      }
    }
  }
  const auto *For = dyn_cast<ForStmt>(&L.S);
  const Stmt *Body = loopBody(L.S);
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
  bool OnlyThisCall = Body == &Call || (Block && Block->size() == 1 && Block->body_front() == &Call);
  Expr::EvalResult StartValue;
  if (Contiguous && For && OnlyThisCall && L.OwnCounter && L.Start && L.Bound && L.UnitStep &&
      L.Start->EvaluateAsInt(StartValue, Ctx) && StartValue.Val.getInt() == 0 &&
      L.Inv.isInvariant(L.Bound) && isPlainFileRange(L.S.getSourceRange(), Ctx.getSourceManager())) {
    CharSourceRange CalleeRange = fileRange(Call.getCallee()->getSourceRange(), Ctx);
    llvm::StringRef Callee = CalleeRange.isValid()
        ? Lexer::getSourceText(CalleeRange, Ctx.getSourceManager(), Ctx.getLangOpts())
        : "";
    std::string Total = totalBytes(L.Bound, Copy->Bytes, Ctx);
    std::string NewCall = Callee.str() + "(" + text(Dst.Base, Ctx) + ", " +
                          text(Src.Base, Ctx) + ", " + Total;
    bool Ok = !Callee.empty() && !Total.empty() && !text(Dst.Base, Ctx).empty() &&
              !text(Src.Base, Ctx).empty();
    for (unsigned I = 3; I < Call.getNumArgs(); ++I) {
      if (isa<CXXDefaultArgExpr>(Call.getArg(I)))
        break;
      std::string A = text(Call.getArg(I), Ctx);
      Ok &= !A.empty();
      NewCall += ", " + A;
    }
    NewCall += ")";
    if (Ok)
      if (std::optional<FixItHint> Fix = replaceLoopWith(L.S, L.Bound, Ctx, NewCall, Call))
        Fixes.push_back(*Fix);
  }
  const SourceManager &SM = Ctx.getSourceManager();
  if (Contiguous) {
    if (L.Instantiated)
      Fixes.clear();
    diag(SM.getExpansionLoc(Call.getBeginLoc()),
         withTag("%0 copies one contiguous slice per iteration; copy the whole "
                 "range with one call",
                 BatchTag))
        // The call's range keeps clangd from placing the finding at the
        // start of the loop the fix replaces.
        << api::spelledApiName(*Call.getDirectCallee())
        << SourceRange(SM.getExpansionLoc(Call.getBeginLoc())) << Fixes;
  } else {
    diag(SM.getExpansionLoc(Call.getBeginLoc()),
         withTag("%0 copies one slice per iteration; pack the slices into one "
                 "buffer (or use cudaMemcpy2D for a fixed stride) and copy once",
                 BatchTag))
        << api::spelledApiName(*Call.getDirectCallee());
  }
  diag(L.S.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
}

api::Role UnbatchedKernelLaunchCheck::roleOf(const CallExpr &Call) const {
  if (isa<CUDAKernelCallExpr>(Call))
    return api::Role::Launch;
  const FunctionDecl *FD = Call.getDirectCallee();
  if (Wrappers.contains(FD))
    return api::Role::Launch;
  return ApiWrappers.roleOf(FD);
}

const UnbatchedKernelLaunchCheck::Operation *
UnbatchedKernelLaunchCheck::operationOf(const FunctionDecl *FD, unsigned Depth) {
  if (!FD || Depth == 0 || FD->getBuiltinID() || !FD->getIdentifier() ||
      api::lookupApi(FD) || ApiWrappers.wrapperRole(FD) != api::Role::None ||
      Wrappers.contains(FD))
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!FD->getBody(Def) || !Def || Def->isDependentContext() || isDeviceOnly(*Def) ||
      Def->getASTContext().getSourceManager().isInSystemHeader(Def->getLocation()))
    return nullptr;
  auto [It, Inserted] = OperationCache.try_emplace(Def);
  if (!Inserted)
    return It->second ? &*It->second : nullptr;
  // The first operation outside the function's own loops and lambdas, else
  // one a callee issues the same way.
  struct Finder : LoopDepthVisitor<Finder> {
    UnbatchedKernelLaunchCheck &Check;
    const CallExpr *Direct = nullptr;
    llvm::SmallVector<const CallExpr *, 4> Helpers;
    Finder(UnbatchedKernelLaunchCheck &C, const ASTContext &Ctx)
        : LoopDepthVisitor(Ctx), Check(C) {}
    bool VisitCallExpr(CallExpr *C) {
      if (Loops || Direct)
        return true;
      if (api::isBatchableRole(Check.roleOf(*C)) &&
          (isa<CUDAKernelCallExpr>(C) || C->getDirectCallee()))
        Direct = C;
      else if (C->getDirectCallee())
        Helpers.push_back(C);
      return true;
    }
  } F(*this, Def->getASTContext());
  F.TraverseStmt(Def->getBody());
  std::optional<Operation> Result;
  if (F.Direct) {
    Result.emplace();
    Result->Op = F.Direct;
    Result->Role = roleOf(*F.Direct);
  } else {
    for (const CallExpr *H : F.Helpers)
      if (const Operation *Inner = operationOf(H->getDirectCallee(), Depth - 1)) {
        Result = *Inner;
        Result->Via.insert(Result->Via.begin(), H);
        break;
      }
  }
  // The recursion may have grown the map: look the entry up again.
  auto &Slot = OperationCache[Def];
  Slot = std::move(Result);
  return Slot ? &*Slot : nullptr;
}

/// Whether the parameter `Index` of `Def` is only read through: every use
/// is an argument for a pointer-to-const parameter or a value read.
static bool readOnlyParameter(const FunctionDecl *Def, unsigned Index) {
  if (!Def || Index >= Def->getNumParams() || !Def->getBody())
    return false;
  const ParmVarDecl *P = Def->getParamDecl(Index);
  QualType T = P->getType();
  if (T->isPointerType() && T->getPointeeType().isConstQualified())
    return true;
  struct V : RecursiveASTVisitor<V> {
    const ParmVarDecl *P;
    bool Ok = true;
    llvm::SmallPtrSet<const DeclRefExpr *, 4> Claimed;
    bool VisitCallExpr(CallExpr *C) {
      const FunctionDecl *Callee = C->getDirectCallee();
      for (unsigned I = 0; I < C->getNumArgs(); ++I) {
        const auto *D = dyn_cast<DeclRefExpr>(C->getArg(I)->IgnoreParenCasts());
        if (!D || D->getDecl() != P)
          continue;
        QualType PT = Callee && I < Callee->getNumParams()
                          ? Callee->getParamDecl(I)->getType()
                          : QualType();
        if (!PT.isNull() && PT->isPointerType() && PT->getPointeeType().isConstQualified())
          Claimed.insert(D);
      }
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *D) {
      if (D->getDecl() == P && !Claimed.count(D))
        Ok = false;
      return Ok;
    }
  } Uses;
  Uses.P = P;
  Uses.TraverseStmt(Def->getBody());
  return Uses.Ok;
}

void UnbatchedKernelLaunchCheck::checkOneCallDeep(const CallExpr &Call,
                                                  const Operation &Inner, Loop &L) {
  // The call hands each iteration a slice, and everything else is the same.
  const FunctionDecl *Callee = Call.getDirectCallee();
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  bool AnySlice = false;
  llvm::SmallVector<Slice, 4> Slices;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    const Expr *A = L.resolve(Call.getArg(I));
    if (L.isInductionPointer(A)) {
      AnySlice = true;
      Slices.push_back({A, A, false});
      continue;
    }
    if (L.dependsOnIteration(A)) {
      Slice S = sliceOf(A);
      if (!S.Offset || L.dependsOnIteration(S.Base) || !L.Inv.isSameAddress(S.Base))
        return;
      AnySlice = true;
      Slices.push_back(S);
      continue;
    }
    if (!L.Inv.isSameAddress(A))
      return;
    // The same writable buffer on every call: one iteration may read what
    // the previous one wrote there.
    QualType T = A->IgnoreParenImpCasts()->getType();
    if (T->isPointerType() && !T->getPointeeType().isConstQualified() &&
        !(T->getPointeeType()->isRecordType() && T->getPointeeType()->isIncompleteType()) &&
        !readOnlyParameter(Def, I))
      return;
  }
  if (!AnySlice || chainsIterations(Slices, L.Ctx))
    return;
  llvm::StringRef What = api::roleNoun(Inner.Role);
  if (What.empty())
    return;
  // Reported at the call in the loop, where the batching happens (a helper
  // that several loops call per slice gets a finding per loop); notes lead
  // through each call to the operation.
  const SourceManager &SM = L.Ctx.getSourceManager();
  diag(SM.getExpansionLoc(Call.getBeginLoc()),
       withTag("%0 issues %1 on every call, and this loop calls it once per "
               "slice; batch the slices into one operation",
               BatchTag))
      << Callee << What;
  for (const CallExpr *Via : Inner.Via)
    diag(SM.getExpansionLoc(Via->getBeginLoc()), "through this call to %0",
         DiagnosticIDs::Note)
        << Via->getDirectCallee();
  const FunctionDecl *OpFn = Inner.Op->getDirectCallee();
  if (OpFn && !isa<CUDAKernelCallExpr>(Inner.Op))
    diag(SM.getExpansionLoc(Inner.Op->getBeginLoc()), "the operation: %0",
         DiagnosticIDs::Note)
        << api::spelledApiName(*OpFn);
  else
    diag(SM.getExpansionLoc(Inner.Op->getBeginLoc()), "the operation: a launch of %0",
         DiagnosticIDs::Note)
        << OpFn;
  diag(L.S.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
}

/// `x[i]`, `x.select(d, i)`, `x.index({i})`, `x.narrow(d, i, n)` of a tensor
/// variable: the variable, when the slice depends on the iteration.
static const VarDecl *slicedTensor(const Expr *E, const VarDecl *Iter) {
  E = E->IgnoreImplicit()->IgnoreParens();
  const Expr *Object = nullptr;
  bool Dependent = false;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
      Object = Op->getArg(0);
      Dependent = mentions(Op->getArg(1), Iter);
    }
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getIdentifier() &&
        (MD->getName() == "select" || MD->getName() == "index" || MD->getName() == "narrow")) {
      Object = MC->getImplicitObjectArgument();
      for (const Expr *A : MC->arguments())
        Dependent |= mentions(A, Iter);
    }
  }
  if (!Object || !Dependent || !api::isTensorType(Object->getType()))
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

void UnbatchedKernelLaunchCheck::checkTensorSlices(llvm::ArrayRef<const CallExpr *> Calls,
                                                   Loop &L) {
  if (!L.IterVar || isa<CXXForRangeStmt>(&L.S))
    return;
  for (const CallExpr *C : Calls) {
    // An out-of-place op of libtorch (method or function) on a slice.
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD || !api::isTensorType(C->getType()))
      continue;
    llvm::StringRef Name = FD->getIdentifier() ? FD->getName() : "";
    if (FD->isOverloadedOperator())
      Name = getOperatorSpelling(FD->getOverloadedOperator());
    if (Name.empty() || !api::isFreshTensorOp(Name))
      continue;
    llvm::SmallVector<const Expr *, 4> Operands(C->arguments());
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      Operands.push_back(MC->getImplicitObjectArgument());
    const VarDecl *Sliced = nullptr;
    for (const Expr *A : Operands)
      if (const VarDecl *V = slicedTensor(A, L.IterVar))
        Sliced = V;
    if (!Sliced || L.Inv.declaredInside(Sliced) ||
        findTensorWriteOrAlias(*Sliced, L.S, L.Ctx))
      continue;
    bool Matrix = Name == "matmul" || Name == "mm" || Name == "addmm";
    diag(L.Ctx.getSourceManager().getExpansionLoc(C->getBeginLoc()),
         withTag("%0 is applied to one slice of %1 per iteration; apply it to "
                 "the whole tensor at once (%2)",
                 BatchTag))
        << FD << Sliced
        << (Matrix ? "torch::bmm / torch::matmul on the batched tensor"
                   : "the op broadcasts over the leading dimension");
    diag(L.S.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
    return; // one finding per loop
  }
}

/// `for (b = 0; b < N; ++b) cublasSgemm(h, ta, tb, m, n, k, alpha, A + b * sa,
/// lda, B + b * sb, ldb, beta, C + b * sc, ldc);` ->
/// `cublasSgemmStridedBatched(h, ta, tb, m, n, k, alpha, A, lda, sa, B, ldb,
/// sb, beta, C, ldc, sc, N)`, when the loop body is that call alone and the
/// C slices provably do not overlap: `sc` is `ldc * n` (either order, same
/// expressions; `b * m * n` with ldc `m` counts) or all three are constants
/// with sc >= ldc * n.
static std::vector<FixItHint>
stridedBatchedFix(const CallExpr &Call, llvm::ArrayRef<Slice> Slices,
                  llvm::StringRef Base, const Stmt &Loop, const VarDecl *Index,
                  const Expr *Start, const Expr *Bound, bool UnitStep,
                  LoopInvariance &Inv, ASTContext &Ctx) {
  const FunctionDecl *FD = Call.getDirectCallee();
  bool Is64 = FD->getName().ends_with("_64");
  std::string Name = (Base + "StridedBatched" + (Is64 ? "_64" : "")).str();
  // Only a form that this translation unit declares (the toolkit may be
  // older than StridedBatched_64), and never cublasGemmEx (its batched
  // form takes other arguments).
  if (Base == "cublasGemmEx" ||
      Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)).empty())
    return {};
  const auto *For = dyn_cast<ForStmt>(&Loop);
  const Stmt *Body = loopBody(Loop);
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
  bool OnlyThisCall = Body == &Call ||
                      (Block && Block->size() == 1 && Block->body_front() == &Call);
  Expr::EvalResult StartValue;
  if (!For || !OnlyThisCall || !Start || !Bound || !UnitStep ||
      !Start->EvaluateAsInt(StartValue, Ctx) || StartValue.Val.getInt() != 0 ||
      !Inv.isInvariant(Bound) ||
      !isPlainFileRange(Loop.getSourceRange(), Ctx.getSourceManager()))
    return {};
  // Strides as the product of the offset's other factors.
  std::string StrideText[3];
  llvm::SmallVector<const Expr *, 4> CFactors;
  for (unsigned I = 0; I < 3; ++I) {
    auto Factors = strideFactors(Slices[I].Offset, Index);
    if (!Factors)
      return {};
    for (const Expr *F : *Factors) {
      std::string T = text(F, Ctx);
      if (T.empty())
        return {};
      if (isa<BinaryOperator, ConditionalOperator>(F))
        T = "(" + T + ")";
      StrideText[I] += (StrideText[I].empty() ? "" : " * ") + T;
    }
    if (I == 2)
      CFactors = *Factors;
  }
  // Non-overlap of the C slices: the stride is ldc * n (the same
  // expressions, in either order), or constants with stride >= ldc * n.
  const Expr *N = Call.getArg(4)->IgnoreParenImpCasts();
  const Expr *Ldc = Call.getArg(13)->IgnoreParenImpCasts();
  bool Disjoint =
      CFactors.size() == 2 &&
      ((sameValue(CFactors[0], Ldc, Ctx) && sameValue(CFactors[1], N, Ctx)) ||
       (sameValue(CFactors[0], N, Ctx) && sameValue(CFactors[1], Ldc, Ctx)));
  if (!Disjoint) {
    Expr::EvalResult F, LD, NV;
    int64_t Stride = 1;
    bool Constant = Ldc->EvaluateAsInt(LD, Ctx) && N->EvaluateAsInt(NV, Ctx);
    for (const Expr *E : CFactors) {
      Constant = Constant && E->EvaluateAsInt(F, Ctx);
      if (Constant)
        Stride *= F.Val.getInt().getExtValue();
    }
    Disjoint = Constant && Stride >= LD.Val.getInt().getExtValue() *
                                         NV.Val.getInt().getExtValue();
  }
  if (!Disjoint)
    return {};
  // handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc
  std::string NewCall = Name + "(";
  auto Arg = [&](unsigned I) { return text(Call.getArg(I), Ctx); };
  std::vector<std::string> Parts = {
      Arg(0), Arg(1), Arg(2), Arg(3), Arg(4), Arg(5), Arg(6),
      text(Slices[0].Base, Ctx), Arg(8), StrideText[0],
      text(Slices[1].Base, Ctx), Arg(10), StrideText[1], Arg(11),
      text(Slices[2].Base, Ctx), Arg(13), StrideText[2], text(Bound, Ctx)};
  for (size_t I = 0; I < Parts.size(); ++I) {
    if (Parts[I].empty())
      return {};
    NewCall += (I ? ", " : "") + Parts[I];
  }
  NewCall += ")";
  if (std::optional<FixItHint> Fix = replaceLoopWith(Loop, Bound, Ctx, NewCall, Call))
    return {*Fix};
  return {};
}

void UnbatchedKernelLaunchCheck::checkGemm(const CallExpr &Call, Loop &L) {
  const FunctionDecl *FD = Call.getDirectCallee();
  bool Ex = FD->getName().starts_with("cublasGemmEx");
  // Matrix pointer operands: A, B, C.
  unsigned A = 7, B = Ex ? 10 : 9, C = Ex ? 14 : 12;
  if (Call.getNumArgs() <= C)
    return;
  llvm::SmallVector<Slice, 3> Slices;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    const Expr *Arg = L.resolve(Call.getArg(I));
    if (I == A || I == B || I == C) {
      Slice S = sliceOf(Arg);
      if (!L.dependsOnIteration(Arg) || !S.Offset || S.TableElement ||
          L.dependsOnIteration(S.Base) || !L.Inv.isSameAddress(S.Base))
        return;
      Slices.push_back(S);
      continue;
    }
    if (!L.Inv.isSameAddress(Arg))
      return;
  }
  if (chainsIterations(Slices, L.Ctx))
    return;
  std::string Batched = FD->getName().str();
  llvm::StringRef Base = llvm::StringRef(Batched).take_front(Ex ? 12 : 11);
  std::vector<FixItHint> Fixes =
      stridedBatchedFix(Call, Slices, Base, L.S, L.IterVar, L.OwnCounter ? L.Start : nullptr, L.Bound,
                        L.UnitStep, L.Inv, L.Ctx);
  if (L.Instantiated)
    Fixes.clear();
  diag(L.Ctx.getSourceManager().getExpansionLoc(Call.getBeginLoc()),
       withTag("%0 multiplies one matrix slice per iteration; one %1 call does "
               "the whole batch when the slices are equally strided and the C "
               "slices do not overlap",
               BatchTag))
      << FD << (Base.str() + "StridedBatched")
      << SourceRange(L.Ctx.getSourceManager().getExpansionLoc(Call.getBeginLoc()))
      << Fixes;
  diag(L.S.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
}

void UnbatchedKernelLaunchCheck::checkCollectives(llvm::ArrayRef<const CallExpr *> Calls,
                                                  Loop &L) {
  const CallExpr *First = nullptr;
  bool Blocks = false;
  for (const CallExpr *C : Calls) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (api::classifyBatchable(FD) == api::BatchableKind::Collective && !First)
      First = C;
    Blocks |= api::isHostSync(FD);
    if (std::optional<api::LinearCopy> Copy = api::asLinearCopy(C, L.Ctx))
      Blocks |= Copy->IsCuda && !Copy->IsAsync;
  }
  if (!First)
    return;
  // Already grouped somewhere in this function, or by a caller in this
  // translation unit: leave it to the author.
  if (opensNcclGroupIn(*L.Fn.getBody()) || calledInsideNcclGroup(L.Fn, L.Ctx))
    return;

  // ncclGroupStart(); <loop> ncclGroupEnd(); -- unless something in the
  // loop waits for the collectives (they only start at ncclGroupEnd).
  std::vector<FixItHint> Fixes;
  DynTypedNodeList Parents = L.Ctx.getParents(L.S);
  const auto *Parent = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  CharSourceRange LoopRange = fileRange(L.S.getSourceRange(), L.Ctx);
  if (!Blocks && Parent && LoopRange.isValid() &&
      isPlainFileRange(L.S.getSourceRange(), L.Ctx.getSourceManager()) &&
      !followsPragma(LoopRange.getBegin(), L.Ctx)) {
    const SourceManager &SM = L.Ctx.getSourceManager();
    std::string Indent = indentationAt(LoopRange.getBegin(), SM);
    SourceLocation End = LoopRange.getEnd();
    // A loop whose body is a single statement ends before its `;`.
    if (!isa<CompoundStmt>(loopBody(L.S)) && !isa<DoStmt>(&L.S)) {
      SourceLocation Semi = Lexer::findLocationAfterToken(
          End.getLocWithOffset(-1), tok::semi, SM, L.Ctx.getLangOpts(), false);
      if (Semi.isValid())
        End = Semi;
    }
    Fixes.push_back(FixItHint::CreateInsertion(LoopRange.getBegin(),
                                               "ncclGroupStart();\n" + Indent));
    Fixes.push_back(FixItHint::CreateInsertion(End, "\n" + Indent + "ncclGroupEnd();"));
  }
  if (L.Instantiated)
    Fixes.clear();
  diag(L.Ctx.getSourceManager().getExpansionLoc(First->getBeginLoc()),
       withTag("%0 is issued once per iteration outside ncclGroupStart/"
               "ncclGroupEnd; group the loop so that NCCL aggregates the calls "
               "(ungrouped per-device calls from one thread can deadlock)",
               BatchTag))
      << First->getDirectCallee() << Fixes;
  diag(L.S.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
}

} // namespace sysopt
