//===- AllocInLoopCheck.cpp - sysopt-alloc-in-loop ------------------------===//
//
// An allocation of the API table (Role::Alloc: cudaMalloc, cudaMallocHost,
// cudaHostRegister, ...; Role::HostAlloc and new[] of at least MinHostBytes)
// on a repeated path (RepeatedContext) is reported when the same run of the
// path releases it again: allocated and released unconditionally in the
// loop's body, or in the function a loop, an algorithm or an entry point
// repeats. A buffer that outlives the run (no release there), one allocated
// under a condition (a buffer that grows), and stream-ordered allocations
// are left alone. The fix-it moves the allocation before the loop and the
// release after it when that cannot change what the loop computes.
//
//===----------------------------------------------------------------------===//
#include "AllocInLoopCheck.h"
#include "sysopt/ApiModels.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/FixItBuilders.h"
#include "sysopt/LoopAnalysis.h"
#include "sysopt/Taxonomy.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

/// What one repeated region (a loop, or a function body) does, collected
/// in one walk: the releases of each local (Role::Free calls such as
/// cudaFree, cudaFreeHost, cudaHostUnregister, cuMemFree, free; delete
/// expressions), the references to each local that do more than read it,
/// and the direct children of the loop's body that jump. Every allocation
/// of the region asks the same questions, so they are answered once.
struct RegionFacts {
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 2>> Releases;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 2>> Writes;
  llvm::DenseSet<const Stmt *> Jumping;
  std::unique_ptr<LoopInvariance> Invariance;
  /// Whether code may be moved before and after the loop.
  std::optional<bool> LoopMovable;
};

namespace {
constexpr Tag CacheTag{Principle::Removal, Method::Caching};

AST_MATCHER(FunctionDecl, isAllocationApi) {
  const api::ApiEntry *E = api::lookupApi(&Node);
  // Stream-ordered allocations are the pool the message recommends;
  // realloc grows a buffer that persists.
  return E && (E->R == api::Role::Alloc || E->R == api::Role::HostAlloc) &&
         !E->Name.contains("Async") && E->Name != "realloc";
}

/// An allocation: a call of the table or an array new-expression.
struct Allocation {
  const Expr *E = nullptr;
  const api::ApiEntry *Api = nullptr; // nullptr for new[]
  api::MemSpace Space = api::MemSpace::Unknown;
  /// The size arguments (several for calloc and cudaMallocPitch).
  llvm::SmallVector<const Expr *, 2> Sizes;
};

const DeclRefExpr *localRef(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  return V && V->hasLocalStorage() && !V->getType()->isReferenceType() ? D : nullptr;
}

/// The local variable that holds the allocated memory: the address argument
/// (`cudaMalloc(&d, n)`, `(void **)&d`), the registered pointer
/// (`cudaHostRegister(p, ...)`), or the variable a result is assigned or
/// initialised with (`p = (float *)malloc(n)`, `float *p = new float[n]`).
const VarDecl *heldIn(const Allocation &A, ASTContext &Ctx) {
  if (A.Api && A.Api->R == api::Role::Alloc) {
    const auto *C = cast<CallExpr>(A.E);
    if (A.Api->Dst < 0 || static_cast<unsigned>(A.Api->Dst) >= C->getNumArgs())
      return nullptr;
    const Expr *Arg = C->getArg(A.Api->Dst)->IgnoreParenCasts();
    if (A.Api->Name.contains("Register")) {
      const DeclRefExpr *D = localRef(Arg);
      return D && D->getType()->isPointerType() ? cast<VarDecl>(D->getDecl()) : nullptr;
    }
    const auto *UO = dyn_cast<UnaryOperator>(Arg);
    const DeclRefExpr *D = UO && UO->getOpcode() == UO_AddrOf ? localRef(UO->getSubExpr()) : nullptr;
    return D ? cast<VarDecl>(D->getDecl()) : nullptr;
  }
  // A result: climb through casts and parentheses to the assignment.
  const Stmt *Child = A.E;
  for (unsigned I = 0; I < 6; ++I) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.size() != 1)
      return nullptr;
    if (const auto *V = Parents[0].get<VarDecl>())
      return V->hasLocalStorage() && V->getType()->isPointerType() ? V : nullptr;
    const auto *P = Parents[0].get<Expr>();
    if (!P)
      return nullptr;
    if (isa<CastExpr, ParenExpr>(P)) {
      Child = P;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P); BO && BO->getOpcode() == BO_Assign &&
                                                       BO->getRHS()->IgnoreParenCasts() == A.E) {
      const DeclRefExpr *D = localRef(BO->getLHS());
      return D ? cast<VarDecl>(D->getDecl()) : nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

struct RegionScanner : RecursiveASTVisitor<RegionScanner> {
  RegionFacts &F;
  ASTContext &Ctx;
  RegionScanner(RegionFacts &F, ASTContext &C) : F(F), Ctx(C) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // runs elsewhere
  bool VisitCallExpr(CallExpr *C) {
    if (api::roleOf(C->getDirectCallee()) == api::Role::Free && C->getNumArgs() > 0)
      if (const DeclRefExpr *D = localRef(C->getArg(0)))
        F.Releases[cast<VarDecl>(D->getDecl())].push_back(C);
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    if (const DeclRefExpr *D = localRef(E->getArgument()))
      F.Releases[cast<VarDecl>(D->getDecl())].push_back(E);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V || !V->hasLocalStorage())
      return true;
    auto Parents = Ctx.getParents(*D);
    const auto *ICE = Parents.size() == 1 ? Parents[0].get<ImplicitCastExpr>() : nullptr;
    if (!ICE || ICE->getCastKind() != CK_LValueToRValue)
      F.Writes[V].push_back(D);
    return true;
  }
};

/// Whether `S` runs on every run of `Region` (the repeating loop, or the
/// function body): no `if`, `switch`, `?:`, `&&`/`||` branch or inner loop
/// between them.
bool runsEveryTime(const Stmt &S, const Stmt *Region, const FunctionDecl &Fn,
                   ASTContext &Ctx) {
  bool Conditional = false;
  findEnclosing(S, Fn, Ctx, [&](const Stmt &Parent, const Stmt *Child) {
    if (&Parent == Region)
      return true;
    if (const auto *If = dyn_cast<IfStmt>(&Parent))
      Conditional |= Child != If->getCond() && Child != If->getInit();
    else if (const auto *Sw = dyn_cast<SwitchStmt>(&Parent))
      Conditional |= Child != Sw->getCond();
    else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(&Parent))
      Conditional |= Child != CO->getCond();
    else if (const auto *BO = dyn_cast<BinaryOperator>(&Parent))
      Conditional |= BO->isLogicalOp() && Child == BO->getRHS();
    else if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(&Parent))
      Conditional |= !runsAtMostOnce(Parent, Ctx);
    else if (isa<LambdaExpr, CXXTryStmt, CXXCatchStmt>(&Parent))
      Conditional = true;
    return Conditional;
  });
  return !Conditional;
}

/// The statement of `Body` (a compound statement of `Fn`) that holds `E`.
const Stmt *directChild(const CompoundStmt &Body, const Expr &E, const FunctionDecl &Fn,
                        ASTContext &Ctx) {
  const Stmt *Found = nullptr;
  findEnclosing(E, Fn, Ctx, [&](const Stmt &Parent, const Stmt *Child) {
    if (&Parent != &Body)
      return false;
    Found = Child;
    return true;
  });
  return Found;
}

/// Whether `S` contains a jump that leaves the loop or skips the rest of
/// its body.
bool containsJump(const Stmt &S) {
  if (isa<BreakStmt, ContinueStmt, ReturnStmt, GotoStmt, CXXThrowExpr, CoreturnStmt>(S))
    return true;
  if (isa<LambdaExpr>(S))
    return false;
  for (const Stmt *C : S.children())
    if (C && containsJump(*C))
      return true;
  return false;
}

/// Whether the statement is the allocation or release alone: the call or
/// delete itself, `p = (T *)malloc(n)`, or one macro use around it
/// (`CUDA_CHECK(cudaMalloc(&d, n))`), whose error check moves with it.
bool isOnly(const Stmt &S, const Expr &Op) {
  const Stmt *Inner = &S;
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(Inner))
    Inner = EWC->getSubExpr();
  if (const auto *E = dyn_cast<Expr>(Inner)) {
    E = E->IgnoreParenCasts();
    if (E == &Op)
      return true;
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      return BO->getOpcode() == BO_Assign && BO->getRHS()->IgnoreParenCasts() == &Op;
    return false;
  }
  // A statement a macro expands to: its text is the macro use.
  return S.getBeginLoc().isMacroID();
}

/// Jumps that leave the loop or skip the rest of its body.
struct JumpFinder : RecursiveASTVisitor<JumpFinder> {
  bool Found = false;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitBreakStmt(BreakStmt *) { return !(Found = true); }
  bool VisitContinueStmt(ContinueStmt *) { return !(Found = true); }
  bool VisitReturnStmt(ReturnStmt *) { return !(Found = true); }
  bool VisitGotoStmt(GotoStmt *) { return !(Found = true); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return !(Found = true); }
  bool VisitCoreturnStmt(CoreturnStmt *) { return !(Found = true); }
};

std::string statementText(const Stmt &S, ASTContext &Ctx) {
  CharSourceRange R = fileRange(S.getSourceRange(), Ctx);
  if (R.isInvalid())
    return "";
  return (Lexer::getSourceText(R, Ctx.getSourceManager(), Ctx.getLangOpts()) + ";").str();
}

/// Moves the allocation before the loop and the release after it: the
/// loop's body is a block holding both as statements of their own, the
/// sizes (and a registered pointer) are the same on every iteration, the
/// variable is declared before the loop and only read elsewhere in it, and
/// nothing jumps out of the loop or past its end.
std::vector<FixItHint> hoistFix(const Allocation &A, const Expr &Release, const VarDecl &Var,
                                const Stmt &Loop, const FunctionDecl &Fn, RegionFacts &Facts,
                                ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // Once per loop: the text scans cost as much as the loop is long.
  if (!Facts.LoopMovable)
    Facts.LoopMovable = isa<ForStmt, WhileStmt, CXXForRangeStmt>(Loop) &&
                        !Loop.getBeginLoc().isMacroID() && !Loop.getEndLoc().isMacroID() &&
                        !followsPragma(Loop.getBeginLoc(), Ctx) &&
                        !hasDirectiveBetween(Loop.getBeginLoc(), Loop.getEndLoc(), Ctx);
  if (!*Facts.LoopMovable)
    return {};
  const auto *Body = dyn_cast_or_null<CompoundStmt>(loopBody(Loop));
  if (!Body)
    return {};
  const Stmt *AllocStmt = directChild(*Body, *A.E, Fn, Ctx);
  const Stmt *FreeStmt = directChild(*Body, Release, Fn, Ctx);
  if (!AllocStmt || !FreeStmt || AllocStmt == FreeStmt || !isOnly(*AllocStmt, *A.E) ||
      !isOnly(*FreeStmt, Release) || isa<DeclStmt>(AllocStmt))
    return {};
  // Declared before the loop.
  if (!SM.isBeforeInTranslationUnit(Var.getLocation(), Loop.getBeginLoc()))
    return {};
  if (!Facts.Invariance)
    Facts.Invariance = std::make_unique<LoopInvariance>(Loop, Ctx);
  for (const Expr *Size : A.Sizes)
    if (!Size || !Facts.Invariance->isInvariant(Size))
      return {};
  // Only the allocation (and the release) change or hand out the pointer.
  for (const DeclRefExpr *W : Facts.Writes.lookup(&Var))
    if (directChild(*Body, *W, Fn, Ctx) != AllocStmt && directChild(*Body, *W, Fn, Ctx) != FreeStmt)
      return {};
  for (const Stmt *S : Facts.Jumping)
    if (S != AllocStmt && S != FreeStmt)
      return {};
  std::string AllocText = statementText(*AllocStmt, Ctx);
  std::string FreeText = statementText(*FreeStmt, Ctx);
  if (AllocText.empty() || FreeText.empty() || hasDirectiveOrComment(fileRange(AllocStmt->getSourceRange(), Ctx), Ctx) ||
      hasDirectiveOrComment(fileRange(FreeStmt->getSourceRange(), Ctx), Ctx))
    return {};
  std::vector<FixItHint> RemoveAlloc = removeStatement(*AllocStmt, Ctx);
  std::vector<FixItHint> RemoveFree = removeStatement(*FreeStmt, Ctx);
  SourceLocation AfterLoop =
      Lexer::getLocForEndOfToken(Loop.getEndLoc(), 0, SM, Ctx.getLangOpts());
  if (RemoveAlloc.empty() || RemoveFree.empty() || AfterLoop.isInvalid())
    return {};
  std::string Indent = indentationAt(Loop.getBeginLoc(), SM);
  std::vector<FixItHint> Fix;
  Fix.push_back(FixItHint::CreateInsertion(Loop.getBeginLoc(), AllocText + "\n" + Indent));
  Fix.insert(Fix.end(), RemoveAlloc.begin(), RemoveAlloc.end());
  Fix.insert(Fix.end(), RemoveFree.begin(), RemoveFree.end());
  Fix.push_back(FixItHint::CreateInsertion(AfterLoop, "\n" + Indent + FreeText));
  return Fix;
}
} // namespace

AllocInLoopCheck::AllocInLoopCheck(llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : RepeatedPathCheck(Name, Context),
      MinHostBytes(Options.get("MinHostBytes", uint64_t(131072))) {}

AllocInLoopCheck::~AllocInLoopCheck() = default;

void AllocInLoopCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  RepeatedPathCheck::storeOptions(Opts);
  Options.store(Opts, "MinHostBytes", MinHostBytes);
}

void AllocInLoopCheck::registerMatchers(MatchFinder *Finder) {
  registerBaseMatchers(*Finder);
  Finder->addMatcher(
      traverse(TK_AsIs, expr(unless(isExpansionInSystemHeader()),
                             anyOf(callExpr(callee(functionDecl(isAllocationApi()))),
                                   cxxNewExpr(isArray())))
                            .bind(CandidateId)),
      this);
}

void AllocInLoopCheck::endTranslationUnit() {
  Reported.clear();
  Regions.clear();
}

RegionFacts &AllocInLoopCheck::factsFor(const Stmt *Region, ASTContext &Ctx) {
  std::unique_ptr<RegionFacts> &F = Regions[Region];
  if (!F) {
    F = std::make_unique<RegionFacts>();
    RegionScanner Scan(*F, Ctx);
    Scan.TraverseStmt(const_cast<Stmt *>(Region));
    if (const auto *Body = dyn_cast<CompoundStmt>(Region))
      for (const Stmt *S : Body->body())
        if (containsJump(*S))
          F->Jumping.insert(S);
  }
  return *F;
}

void AllocInLoopCheck::analyze(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const auto *E = Result.Nodes.getNodeAs<Expr>(CandidateId);
  const FunctionDecl *Fn = E ? enclosingCallable(*E, Ctx) : nullptr;
  if (!Fn || isDeviceOnly(*Fn) || Fn->isDependentContext() || inBrokenCode(*Fn, Ctx))
    return;

  Allocation A;
  A.E = E;
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    A.Api = api::lookupApi(C->getDirectCallee());
    if (!A.Api)
      return;
    A.Space = A.Api->Space;
    if (A.Api->Name == "calloc" && C->getNumArgs() == 2)
      A.Sizes = {C->getArg(0), C->getArg(1)};
    else if (A.Api->Name.starts_with("cudaMallocPitch") && C->getNumArgs() == 4)
      A.Sizes = {C->getArg(2), C->getArg(3)};
    else if (A.Api->Bytes >= 0 && static_cast<unsigned>(A.Api->Bytes) < C->getNumArgs())
      A.Sizes = {C->getArg(A.Api->Bytes)};
    else
      A.Sizes = {nullptr};
  } else {
    const auto *NE = cast<CXXNewExpr>(E);
    A.Space = api::MemSpace::Pageable;
    A.Sizes = {NE->getArraySize() ? *NE->getArraySize() : nullptr};
    if (NE->getNumPlacementArgs() != 0 || !NE->getOperatorNew() ||
        !NE->getOperatorNew()->isReplaceableGlobalAllocationFunction())
      return;
  }
  // Host memory: only a large block is worth keeping (malloc serves small
  // ones from its own free lists); its size must be a known constant.
  if (A.Space == api::MemSpace::Pageable) {
    uint64_t Bytes = 1;
    for (const Expr *Size : A.Sizes) {
      Expr::EvalResult R;
      if (!Size || Size->isValueDependent() || !Size->EvaluateAsInt(R, Ctx))
        return;
      Bytes *= R.Val.getInt().getZExtValue();
    }
    if (const auto *NE = dyn_cast<CXXNewExpr>(E))
      Bytes *= Ctx.getTypeSizeInChars(NE->getAllocatedType()).getQuantity();
    if (Bytes < MinHostBytes)
      return;
  }

  const VarDecl *Var = heldIn(A, Ctx);
  if (!Var)
    return;
  std::optional<RepeatPath> Path = repeatedPath(*E, *Fn, Ctx);
  if (!Path)
    return;
  bool OwnLoop = Path->K == RepeatPath::Kind::Loop && Path->Calls.empty();
  const Stmt *Region = OwnLoop ? Path->Loop : Fn->getBody();
  if (!Region || !runsEveryTime(*E, OwnLoop ? Path->Loop : nullptr, *Fn, Ctx))
    return;
  // Released on the same run, unconditionally, after the allocation.
  const SourceManager &SM = Ctx.getSourceManager();
  RegionFacts &Facts = factsFor(OwnLoop ? loopBody(*Path->Loop) : Region, Ctx);
  const Expr *Release = nullptr;
  for (const Expr *R : Facts.Releases.lookup(Var))
    if (SM.isBeforeInTranslationUnit(E->getBeginLoc(), R->getBeginLoc()) &&
        runsEveryTime(*R, OwnLoop ? Path->Loop : nullptr, *Fn, Ctx)) {
      Release = R;
      break;
    }
  if (!Release)
    return;

  SourceLocation Loc = SM.getExpansionLoc(E->getBeginLoc());
  if (!Reported.insert(Loc).second)
    return;
  unsigned SpaceIndex = A.Space == api::MemSpace::Pinned    ? 1
                        : A.Space == api::MemSpace::Managed  ? 2
                        : A.Space == api::MemSpace::Pageable ? 3
                                                             : 0;
  std::vector<FixItHint> Fix;
  if (OwnLoop)
    Fix = hoistFix(A, *Release, *Var, *Path->Loop, *Fn, Facts, Ctx);
  {
    auto D = diag(Loc, withTag("%0 allocates %select{device|pinned host|managed|host}1 "
                               "memory on every %select{iteration|call of %3}2 and %4 "
                               "releases it on the same path; allocate it once and reuse "
                               "it%select{, or take it from the stream-ordered pool "
                               "(cudaMallocAsync/cudaFreeAsync)|}5",
                               CacheTag));
    if (A.Api)
      D << api::spelledApiName(*cast<CallExpr>(E)->getDirectCallee());
    else
      D << "'new[]'";
    D << SpaceIndex << !OwnLoop << Fn;
    if (const auto *RC = dyn_cast<CallExpr>(Release))
      D << api::spelledApiName(*RC->getDirectCallee());
    else
      D << "'delete[]'";
    D << (SpaceIndex != 0);
    // A range of its own keeps editors from moving the warning onto the fix.
    D << SM.getExpansionRange(E->getSourceRange()).getAsRange();
    for (const FixItHint &H : Fix)
      D << H;
  }
  diag(SM.getExpansionLoc(Release->getBeginLoc()), "released here", DiagnosticIDs::Note);
  describePath(*Path, SM, [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *N) {
    auto Note = diag(L, Text, DiagnosticIDs::Note);
    if (N)
      Note << N;
  });
}

} // namespace sysopt
