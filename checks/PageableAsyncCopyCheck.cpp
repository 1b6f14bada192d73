//===- PageableAsyncCopyCheck.cpp - sysopt-pageable-async-copy ------------===//
//
// An asynchronous copy of the API table (api::asyncCopyHostSides) whose host
// side provably is pageable memory (HostMemory) is reported where the memory
// is handed over: at the copy, or, when the copy's host pointer is a
// parameter, at the caller that passes pageable memory (up to CallDepth
// calls up). Setup functions (isSetupFunction) are left alone unless a loop
// or an entry point repeats them.
//
//===----------------------------------------------------------------------===//
#include "PageableAsyncCopyCheck.h"
#include "sysopt/ApiModels.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/Taxonomy.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "sysopt/LoopAnalysis.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
constexpr Tag SpecializeTag{Principle::Replacement, Method::Specialization};

void collectDecls(const Stmt *S, llvm::SmallPtrSetImpl<const ValueDecl *> &Out) {
  if (!S)
    return;
  if (const auto *D = dyn_cast<DeclRefExpr>(S))
    Out.insert(D->getDecl());
  if (const auto *M = dyn_cast<MemberExpr>(S))
    Out.insert(M->getMemberDecl());
  for (const Stmt *C : S->children())
    collectDecls(C, Out);
}

/// Where the user wrote the call: inside `CUDA_CHECK(cudaMemcpyAsync(...))`
/// the call itself (the line a reader looks for), not the macro's start.
SourceLocation writtenAt(SourceLocation L, const SourceManager &SM) {
  return SM.isMacroArgExpansion(L) ? SM.getFileLoc(L) : SM.getExpansionLoc(L);
}

AST_MATCHER(FunctionDecl, isAsyncTransferApi) {
  const api::ApiEntry *E = api::lookupApi(&Node);
  return E && E->R == api::Role::Transfer && E->Name.contains("Async");
}

/// What the host does first after a copy into host memory.
enum class NextStep {
  Work,    ///< issues device work, or calls project code that may
  Wait,    ///< waits for the device, reads the copied memory, or returns
  Unknown, ///< the next iteration of a loop: say nothing
  End,     ///< the function ends: ask the caller
};

struct NextStepFinder : RecursiveASTVisitor<NextStepFinder> {
  const llvm::SmallPtrSetImpl<const ValueDecl *> &Watched;
  ASTContext &Ctx;
  UserCodeFilter &UserCode;
  std::optional<NextStep> Found;
  NextStepFinder(const llvm::SmallPtrSetImpl<const ValueDecl *> &W, ASTContext &C,
                 UserCodeFilter &U)
      : Watched(W), Ctx(C), UserCode(U) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  // An error path (`if (err) throw ...`) is not what runs next.
  bool TraverseCXXThrowExpr(CXXThrowExpr *) { return true; }
  // Arguments before the call, as they run: `check(cudaStreamSynchronize(s))`
  // waits before it calls `check`.
  bool shouldTraversePostOrder() const { return true; }
  bool stop(NextStep S) {
    Found = S;
    return false;
  }
  bool mentionsWatched(const Stmt *S) {
    if (!S)
      return false;
    if (const auto *D = dyn_cast<DeclRefExpr>(S); D && Watched.contains(D->getDecl()))
      return true;
    if (const auto *M = dyn_cast<MemberExpr>(S); M && Watched.contains(M->getMemberDecl()))
      return true;
    for (const Stmt *C : S->children())
      if (mentionsWatched(C))
        return true;
    return false;
  }
  bool VisitCallExpr(CallExpr *C) {
    // A call handed the copied memory reads it.
    for (const Expr *A : C->arguments())
      if (mentionsWatched(A))
        return stop(NextStep::Wait);
    const FunctionDecl *FD = C->getDirectCallee();
    api::Role R = api::roleOf(FD);
    if (R == api::Role::Sync)
      return stop(NextStep::Wait);
    // A copy inside stream capture runs when the graph is launched.
    if (R == api::Role::CaptureBegin || R == api::Role::CaptureEnd)
      return stop(NextStep::Unknown);
    if (isa<CUDAKernelCallExpr>(C) || (api::isBatchableRole(R) && R != api::Role::HostCopy))
      return stop(NextStep::Work);
    // The project's own code may issue work; a library's error-string or
    // logging call does not.
    if (FD && R == api::Role::None && !isa<CXXOperatorCallExpr>(C) &&
        UserCode.isUserCode(FD->getLocation(), Ctx.getSourceManager()))
      return stop(NextStep::Work);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    return Watched.contains(D->getDecl()) ? stop(NextStep::Wait) : true;
  }
  bool VisitMemberExpr(MemberExpr *M) {
    return Watched.contains(M->getMemberDecl()) ? stop(NextStep::Wait) : true;
  }
  bool VisitReturnStmt(ReturnStmt *) { return stop(NextStep::Wait); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return stop(NextStep::Wait); }
};

/// What the host does first after `S` in its function, statement by
/// statement in source order.
NextStep nextStepAfter(const Stmt &S, const llvm::SmallPtrSetImpl<const ValueDecl *> &Watched,
                       ASTContext &Ctx, UserCodeFilter &UserCode) {
  const Stmt *Child = &S;
  for (unsigned Up = 0; Up < 64; ++Up) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.size() != 1)
      return NextStep::Unknown;
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P) {
      // A declaration's initialiser: continue after the declaration.
      if (const auto *D = Parents[0].get<Decl>(); D && !isa<FunctionDecl>(D)) {
        auto DeclParents = Ctx.getParents(*D);
        if (DeclParents.size() == 1 && DeclParents[0].get<DeclStmt>()) {
          Child = DeclParents[0].get<DeclStmt>();
          continue;
        }
        return NextStep::Unknown;
      }
      return NextStep::End; // the function's body
    }
    if (isa<LambdaExpr>(P))
      return NextStep::Unknown;
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P) && !runsAtMostOnce(*P, Ctx))
      return NextStep::Unknown;
    if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
      bool After = false;
      for (const Stmt *Sibling : CS->body()) {
        if (After) {
          NextStepFinder F(Watched, Ctx, UserCode);
          F.TraverseStmt(const_cast<Stmt *>(Sibling));
          if (F.Found)
            return *F.Found;
        }
        After |= Sibling == Child;
      }
    }
    Child = P;
  }
  return NextStep::Unknown;
}

} // namespace

void PageableAsyncCopyCheck::registerMatchers(MatchFinder *Finder) {
  registerBaseMatchers(*Finder);
  Finder->addMatcher(traverse(TK_AsIs, callExpr(unless(isExpansionInSystemHeader()),
                                                callee(functionDecl(isAsyncTransferApi())))
                                           .bind(CandidateId)),
                     this);
}

void PageableAsyncCopyCheck::analyze(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const auto *Copy = Result.Nodes.getNodeAs<CallExpr>(CandidateId);
  const FunctionDecl *Fn = Copy ? enclosingCallable(*Copy, Ctx) : nullptr;
  if (!Fn || isDeviceOnly(*Fn) || Fn->isDependentContext() || inBrokenCode(*Fn, Ctx))
    return;
  if (!Memory)
    Memory = std::make_unique<HostMemory>(Ctx);
  for (const api::AsyncHostSide &Side : api::asyncCopyHostSides(*Copy, Ctx)) {
    llvm::SmallVector<const CallExpr *, 2> Chain;
    HostArgDecls.clear();
    collectDecls(Side.Arg, HostArgDecls);
    trace(Side.Arg, *Fn, Side.IntoHost, *Copy, Chain, 0, Ctx);
  }
}

void PageableAsyncCopyCheck::trace(const Expr *Arg, const FunctionDecl &Fn, bool IntoHost,
                                   const CallExpr &Copy,
                                   llvm::SmallVectorImpl<const CallExpr *> &Chain,
                                   unsigned Depth, ASTContext &Ctx) {
  if (!Arg)
    return;
  HostOrigin O = Memory->originOf(Arg, Fn);
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(O.Decl);
  // A parameter's memory is the caller's: follow it up while the callers
  // are visible, and report where the pageable memory is handed over.
  if (Param && (O.K == HostOrigin::Kind::Parameter || O.K == HostOrigin::Kind::Container) &&
      Depth < CallDepth) {
    llvm::ArrayRef<CallGraph::Site> Sites = graph(Ctx).callersOf(Fn);
    if (!Sites.empty()) {
      for (const CallGraph::Site &S : Sites) {
        if (S.Algorithm || !S.Caller)
          continue;
        Chain.insert(Chain.begin(), S.Call);
        trace(argumentFor(*S.Call, *Param), *S.Caller, IntoHost, Copy, Chain, Depth + 1, Ctx);
        Chain.erase(Chain.begin());
      }
      return;
    }
  }
  if (O.isPageable())
    report(O, Fn, IntoHost, Copy, Chain, Ctx);
}

void PageableAsyncCopyCheck::report(const HostOrigin &O, const FunctionDecl &Fn,
                                    bool IntoHost, const CallExpr &Copy,
                                    llvm::ArrayRef<const CallExpr *> Chain, ASTContext &Ctx) {
  const CallExpr &Site = Chain.empty() ? Copy : *Chain.front();
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = writtenAt(Site.getBeginLoc(), SM);
  if (!UserCode.isUserCode(Loc, SM) || inBrokenCode(Site, Ctx))
    return;
  // A copy that runs once per process or per object costs nothing worth a
  // change; one that a loop or an entry point repeats always does.
  std::optional<RepeatPath> Path = whyRepeated(Site, Fn, graph(Ctx), CallDepth);
  if (!Path && isSetupFunction(Fn, graph(Ctx), SetupWords))
    return;
  // Into the host: the copy costs a lost overlap only when the host would
  // otherwise go on issuing work; when it waits for the stream or reads the
  // memory next, pinned memory saves no more than a staging copy.
  if (IntoHost) {
    llvm::SmallPtrSet<const ValueDecl *, 8> Watched(HostArgDecls.begin(), HostArgDecls.end());
    if (O.Decl)
      Watched.insert(O.Decl);
    NextStep Step = NextStep::End;
    llvm::SmallVector<const Stmt *, 3> Positions = {&Copy};
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It)
      Positions.push_back(*It);
    for (const Stmt *P : Positions) {
      Step = nextStepAfter(*P, Watched, Ctx, UserCode);
      if (Step != NextStep::End)
        break;
    }
    if (Step != NextStep::Work)
      return;
  }
  if (!Reported.insert(Loc).second)
    return;
  const FunctionDecl *Called = Site.getDirectCallee();
  {
    auto D = diag(Loc, withTag("%0 %select{|copies }3%select{from|into}1 pageable memory"
                             "%select{| with %2, which}3 is synchronous with the host: %select{it waits for the stream's earlier work and "
                             "stages the data through a driver buffer|it returns only when "
                             "the stream has run the copy}1; use a pinned buffer allocated "
                             "once (cudaMallocHost, cudaHostRegister, a pinned allocator)"
                             "%select{| and wait for the stream before the host reads it}1",
                             SpecializeTag));
    // `to_device`, not the specialization `to_device<float>`.
    const NamedDecl *Helper = Called;
    if (Called->getPrimaryTemplate())
      Helper = Called->getPrimaryTemplate();
    if (Chain.empty())
      D << api::spelledApiName(*Called);
    else
      D << Helper;
    D << IntoHost << api::spelledApiName(*Copy.getDirectCallee()) << !Chain.empty();
  }
  // Where the memory comes from.
  SourceLocation OriginLoc = O.Alloc ? O.Alloc->getBeginLoc()
                             : O.Decl ? O.Decl->getLocation()
                                      : SourceLocation();
  if (OriginLoc.isValid())
    diag(SM.getExpansionLoc(OriginLoc), describeOrigin(O), DiagnosticIDs::Note);
  // The calls down to the copy.
  for (size_t I = 1; I < Chain.size(); ++I)
    diag(writtenAt(Chain[I]->getBeginLoc(), SM), "which passes it on to %0",
         DiagnosticIDs::Note)
        << Chain[I]->getDirectCallee();
  if (!Chain.empty())
    diag(writtenAt(Copy.getBeginLoc(), SM), "%0 copies it here", DiagnosticIDs::Note)
        << api::spelledApiName(*Copy.getDirectCallee());
  if (Path)
    describePath(*Path, SM, [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *N) {
      auto Note = diag(L, Text, DiagnosticIDs::Note);
      if (N)
        Note << N;
    });
}

} // namespace sysopt
