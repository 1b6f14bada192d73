//===- RedundantCopyCheck.cpp - sysopt-redundant-copy ---------------------===//
#include "RedundantCopyCheck.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/ApiModels.h"
#include "sysopt/CopyMatchers.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/FixItBuilders.h"
#include "sysopt/Taxonomy.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/ScopeExit.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
// Bound-node names.
constexpr llvm::StringLiteral CopyId = "copy";
constexpr llvm::StringLiteral DeclId = "decl";
constexpr llvm::StringLiteral SourceId = "source";
constexpr llvm::StringLiteral CloneId = "clone";
constexpr llvm::StringLiteral RangeForId = "range-for";
constexpr llvm::StringLiteral FunctionId = "function";
constexpr llvm::StringLiteral ToDeviceId = "to-device";
constexpr llvm::StringLiteral BlockId = "block";
constexpr llvm::StringLiteral LastUseSiteId = "last-use-site";

constexpr Tag ShareTag{Principle::Removal, Method::Contextualization};
constexpr Tag BypassTag{Principle::Removal, Method::Layering};

bool isMethodNamed(const CXXMemberCallExpr *MC,
                   std::initializer_list<llvm::StringRef> Names) {
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier())
    return false;
  for (llvm::StringRef N : Names)
    if (MD->getName() == N)
      return true;
  return false;
}

/// If `Ref` (a reference to a staging buffer) flows, as `v.data()`,
/// `v.c_str()`, `&v[0]` or `&v`, into the source of a linear copy, that copy.
const CallExpr *copyReadingFrom(const DeclRefExpr *Ref, ASTContext &Ctx) {
  const Stmt *Cur = Ref;
  const Stmt *P = semanticParent(Cur, Ctx);
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
    const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(semanticParent(ME, Ctx));
    if (!isMethodNamed(MC, {"data", "c_str"}))
      return nullptr;
    Cur = MC;
  } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P)) {
    if (Op->getOperator() != OO_Subscript)
      return nullptr;
    const auto *Addr = dyn_cast_or_null<UnaryOperator>(semanticParent(Op, Ctx));
    if (!Addr || Addr->getOpcode() != UO_AddrOf)
      return nullptr;
    Cur = Addr;
  } else if (const auto *Addr = dyn_cast_or_null<UnaryOperator>(P)) {
    if (Addr->getOpcode() != UO_AddrOf)
      return nullptr;
    Cur = Addr;
  } else {
    return nullptr;
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(semanticParent(Cur, Ctx));
  if (!Call)
    return nullptr;
  std::optional<api::LinearCopy> LC = api::asLinearCopy(Call, Ctx);
  if (!LC || LC->Src->IgnoreParenImpCasts() != Cur)
    return nullptr;
  return Call;
}

/// Uses of a staging buffer that only read its size.
bool isSizeQuery(const DeclRefExpr *Ref, ASTContext &Ctx) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(semanticParent(Ref, Ctx));
  if (!ME)
    return false;
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(semanticParent(ME, Ctx));
  return isMethodNamed(MC, {"size", "length", "empty"});
}

std::string nameOf(const NamedDecl &D) { return D.getNameAsString(); }

/// Whether an argument for a by-value parameter is copy-constructed from an
/// lvalue (not a temporary, a moved or converted value, or a braced list).
bool isCopyFromLValue(const Expr *Arg) {
  Arg = Arg->IgnoreImplicit();
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(Arg))
    Arg = EWC->getSubExpr()->IgnoreImplicit();
  const auto *Construct = dyn_cast<CXXConstructExpr>(Arg);
  return Construct && Construct->getNumArgs() >= 1 &&
         Construct->getConstructor()->isCopyConstructor() &&
         Construct->getArg(0)->IgnoreImplicit()->isLValue();
}

/// Whether the translation unit sees pybind11 (`namespace pybind11`).
bool usesPybind11(ASTContext &Ctx) {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *NS = dyn_cast<NamespaceDecl>(D))
      if (NS->getIdentifier() && NS->getName() == "pybind11")
        return true;
  return false;
}

} // namespace

RedundantCopyCheck::RedundantCopyCheck(llvm::StringRef Name,
                                       tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ExpensiveTypes(Options.get("ExpensiveTypes", "")),
      CheapTypes(Options.get("CheapTypes", "")),
      AllowedTypes(Options.get("AllowedTypes", "")),
      SizeThreshold(Options.get("SizeThreshold", 256U)),
      UserHeaderRegex(Options.getLocalOrGlobal("UserHeaderRegex", "")),
      SetupFunctions(Options.get("SetupFunctions", DefaultSetupWords)),
      EntryPoints(Options.getLocalOrGlobal("EntryPoints", "")),
      CallDepth(Options.getLocalOrGlobal("CallDepth", 2U)),
      UncalledParameters(Options.get("UncalledParameters", false)),
      UncalledLastUses(Options.get("UncalledLastUses", false)),
      Costs(CopyCostOptions{ExpensiveTypes, CheapTypes, AllowedTypes,
                            SizeThreshold}),
      UserCode(UserHeaderRegex),
      Hot(Options.get("Hotness", "per-call"), SetupFunctions, EntryPoints, CallDepth,
          UserCode),
      TidyContext(Context) {
  for (const std::string &E : Hot.errors())
    configurationDiag("%0: %1") << Name << E;
  for (const std::string &E : Costs.errors())
    configurationDiag("%0: %1") << Name << E;
  if (!UserCode.regexError().empty())
    configurationDiag("%0: invalid UserHeaderRegex '%1': %2")
        << Name << UserHeaderRegex << UserCode.regexError();
}

void RedundantCopyCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExpensiveTypes", ExpensiveTypes);
  Options.store(Opts, "CheapTypes", CheapTypes);
  Options.store(Opts, "AllowedTypes", AllowedTypes);
  Options.store(Opts, "SizeThreshold", SizeThreshold);
  Options.store(Opts, "UserHeaderRegex", UserHeaderRegex);
  Options.store(Opts, "Hotness", Hot.HotnessOption);
  Options.store(Opts, "SetupFunctions", SetupFunctions);
  Options.store(Opts, "EntryPoints", EntryPoints);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "UncalledParameters", UncalledParameters);
  Options.store(Opts, "UncalledLastUses", UncalledLastUses);
}

std::optional<HotPathFilter::Where>
RedundantCopyCheck::hotWhere(const Stmt *S, const Decl &Inside) {
  const auto *Fn = dyn_cast<FunctionDecl>(&Inside);
  if (!Fn)
    Fn = dyn_cast_or_null<FunctionDecl>(Inside.getParentFunctionOrMethod());
  if (!Fn)
    return std::nullopt;
  return Hot.where(S, *Fn, *Ctx);
}

void RedundantCopyCheck::noteWhere(const HotPathFilter::Where &W) {
  Hot.describe(W, Ctx->getSourceManager(),
               [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *N) {
                 auto D = diag(L, Text, DiagnosticIDs::Note);
                 if (N)
                   D << N;
               });
}

void RedundantCopyCheck::registerPPCallbacks(const SourceManager &,
                                             Preprocessor *PP, Preprocessor *) {
  trackErrors(*PP);
}

void RedundantCopyCheck::registerMatchers(MatchFinder *Finder) {
  trackErrorContext(*Finder);
  // Checked first, so that the rest of each matcher never runs on the
  // (large) system headers.
  auto InUserFiles = unless(isExpansionInSystemHeader());
  auto TensorClass = cxxRecordDecl(hasAnyName("::at::Tensor", "::at::TensorBase"));
  // `T copy = source;` for an lvalue source, and `auto y = x.clone();`.
  Finder->addMatcher(localCopyDecl(DeclId, CopyId, SourceId), this);
  Finder->addMatcher(localTensorCloneDecl(DeclId, CopyId, CloneId), this);

  // Copies from a local (or a member path of one): copy constructions
  // (by-value arguments, aggregates, returns), copy assignments, and calls
  // binding it to a reference that a move would bind differently.
  auto LocalPath = ignoringParenImpCasts(
      anyOf(declRefExpr(to(varDecl(hasLocalStorage(), unless(hasType(referenceType()))))),
            memberExpr(unless(isArrow()))));
  Finder->addMatcher(
      cxxConstructExpr(InUserFiles, hasDeclaration(cxxConstructorDecl(isCopyConstructor())),
                       hasArgument(0, LocalPath))
          .bind(LastUseSiteId),
      this);
  Finder->addMatcher(
      cxxOperatorCallExpr(InUserFiles, hasOverloadedOperatorName("="),
                          callee(cxxMethodDecl(isCopyAssignmentOperator())),
                          hasArgument(1, LocalPath))
          .bind(LastUseSiteId),
      this);
  Finder->addMatcher(callExpr(InUserFiles, unless(cxxOperatorCallExpr()),
                              hasAnyArgument(LocalPath))
                         .bind(LastUseSiteId),
                     this);
  Finder->addMatcher(
      cxxConstructExpr(InUserFiles,
                       unless(hasDeclaration(cxxConstructorDecl(isCopyConstructor()))),
                       hasAnyArgument(LocalPath))
          .bind(LastUseSiteId),
      this);

  // `for (T elem : range)` copying each element.
  Finder->addMatcher(
      cxxForRangeStmt(InUserFiles,
                      hasLoopVariable(varDecl(unless(hasType(referenceType())))))
          .bind(RangeForId),
      this);

  // By-value parameters.
  Finder->addMatcher(
      functionDecl(InUserFiles, isDefinition(), unless(isImplicit()),
                   unless(isDeleted()),
                   unless(isDefaulted()),
                   hasAnyParameter(parmVarDecl(unless(hasType(referenceType())),
                                               unless(hasType(pointerType())))))
          .bind(FunctionId),
      this);

  // Device -> host -> device round trips of a tensor.
  Finder->addMatcher(
      cxxMemberCallExpr(InUserFiles,
                        callee(cxxMethodDecl(hasAnyName("cuda", "to"),
                                             ofClass(TensorClass))))
          .bind(ToDeviceId),
      this);

  // cudaMemcpy device->host then host->device of the same buffer.
  Finder->addMatcher(
      compoundStmt(InUserFiles,
                   hasAnySubstatement(callExpr(callee(functionDecl(
                       hasAnyName("cudaMemcpy", "cudaMemcpy_ptds",
                                  "cudaMemcpyAsync", "cudaMemcpyAsync_ptsz"))))))
          .bind(BlockId),
      this);
}

bool RedundantCopyCheck::isExpensive(QualType T, const ASTContext &Ctx) {
  return Costs.classify(T, Ctx) == CopyCost::Expensive;
}

bool RedundantCopyCheck::editLeftTo(llvm::StringRef Name) const {
  return TidyContext->isCheckEnabled(Name);
}

void RedundantCopyCheck::noteNoFix(SourceLocation Finding,
                                   const std::optional<SideEffects::Change> &Change,
                                   llvm::StringRef StockCheck) {
  if (Change) {
    auto [Where, Why] = SideEffects::noFixNote(*Change, Ctx->getSourceManager());
    diag(Where, Why, DiagnosticIDs::Note);
  } else if (!StockCheck.empty()) {
    diag(Finding, "the edit is left to %0, which proposes it too",
         DiagnosticIDs::Note)
        << StockCheck;
  }
}

void RedundantCopyCheck::check(const MatchFinder::MatchResult &Result) {
  Deferred.add(Result);
}

void RedundantCopyCheck::analyze(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  Ctx = &Context;
  if (!Effects)
    Effects.emplace(Context);
  // Where clang's error recovery left its marks, the uses and mutations we
  // see are not to be trusted (ErrorRegions.h).
  if (inBrokenCode(Result.Nodes, Context))
    return;
  const SourceManager &SM = *Result.SourceManager;
  auto InUserCode = [&](SourceLocation Loc) {
    return UserCode.isUserCode(Loc, SM);
  };

  if (const auto *Site = Result.Nodes.getNodeAs<Expr>(LastUseSiteId)) {
    if (InUserCode(Site->getExprLoc()))
      checkLastUseCopies(*Site, Context);
    return;
  }
  if (const auto *Clone = Result.Nodes.getNodeAs<CXXMemberCallExpr>(CloneId)) {
    const auto *Copy = Result.Nodes.getNodeAs<VarDecl>(CopyId);
    const auto *Decl = Result.Nodes.getNodeAs<DeclStmt>(DeclId);
    if (InUserCode(Copy->getLocation()))
      checkClone(*Copy, *Decl, *Clone, Context);
    return;
  }
  if (const auto *Copy = Result.Nodes.getNodeAs<VarDecl>(CopyId)) {
    // A range-for's own variables are checkRangeForCopy's business.
    if (Copy->isCXXForRangeDecl() || Copy->isImplicit())
      return;
    if (InUserCode(Copy->getLocation()))
      checkLocalCopy(*Copy, *Result.Nodes.getNodeAs<DeclStmt>(DeclId),
                     *Result.Nodes.getNodeAs<Expr>(SourceId), Context);
    return;
  }
  if (const auto *Loop = Result.Nodes.getNodeAs<CXXForRangeStmt>(RangeForId)) {
    if (InUserCode(Loop->getBeginLoc()))
      checkRangeForCopy(*Loop, Context);
    return;
  }
  if (const auto *Fn = Result.Nodes.getNodeAs<FunctionDecl>(FunctionId)) {
    if (InUserCode(Fn->getLocation()))
      checkValueParams(*Fn, Context);
    return;
  }
  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>(ToDeviceId)) {
    if (InUserCode(Call->getExprLoc()))
      checkTensorRoundTrip(*Call, Context);
    return;
  }
  if (const auto *Block = Result.Nodes.getNodeAs<CompoundStmt>(BlockId)) {
    if (InUserCode(Block->getBeginLoc()))
      checkMemcpyRoundTrips(*Block, Context);
    return;
  }
}

void RedundantCopyCheck::checkLocalCopy(const VarDecl &Copy,
                                        const DeclStmt &Decl,
                                        const Expr &Source, ASTContext &Ctx) {
  if (isOutOfAnalysisScope(Copy) || !isExpensive(Copy.getType(), Ctx))
    return;
  const VarDecl *Root = rootVariableThroughElements(&Source);
  const Stmt *Body = enclosingFunctionBody(Copy);
  if (!Root || Root == &Copy || !Body)
    return;
  const ReferenceIndex::Entry &Index = References.of(*Body);
  // Nothing after the copy's last use matters (a write of the copy or an
  // escape is a use): the questions below cost what that range costs.
  llvm::SmallVector<const Stmt *, 8> Live =
      liveRangeUntilLastReference(Decl, Index.refsTo(Copy), Ctx);
  // The copy must be unnecessary: never written, never escaping, and its
  // source must not change while the copy is alive (snapshot semantics).
  if (firstWriteIn(*Root, Live, Ctx) || Index.CapturedByRef.count(Root))
    return;

  // A staging copy: every use feeds a memcpy/cudaMemcpy source or asks for
  // the size. Such uses cannot write it, even through the non-const data().
  const CallExpr *StagingUse = nullptr;
  bool OnlyStaging = true;
  for (const Stmt *S : Live)
    for (const DeclRefExpr *Ref : referencesTo(Copy, *S, Ctx)) {
      if (const CallExpr *C = copyReadingFrom(Ref, Ctx))
        StagingUse = StagingUse ? StagingUse : C;
      else if (!isSizeQuery(Ref, Ctx))
        OnlyStaging = false;
    }
  bool IsStaging = OnlyStaging && StagingUse;
  if (!IsStaging &&
      (firstWriteIn(Copy, Live, Ctx) || firstEscapeIn(Copy, Live, Ctx)))
    return;

  // Bound as a reference, the copy would see every later change of the
  // source: nothing in its live range may write the source through
  // another name.
  // Writes after the copy's last use do not matter.
  llvm::ArrayRef<const Stmt *> UntilLastUse(Live);
  while (!UntilLastUse.empty() && referencesTo(Copy, *UntilLastUse.back(), Ctx).empty())
    UntilLastUse = UntilLastUse.drop_back();
  std::optional<SideEffects::Change> Change = Effects->firstChangingSource(
      *Root, Source.getType(), UntilLastUse, IsStaging ? StagingUse : nullptr);
  std::optional<HotPathFilter::Where> Where = hotWhere(&Decl, Copy);
  if (!Where)
    return;
  llvm::StringRef Stock = editLeftTo("performance-unnecessary-copy-initialization")
                              ? "performance-unnecessary-copy-initialization"
                              : "";
  ReferencedCopies.insert(&Copy);
  std::vector<FixItHint> Fixes;
  if (!Change && Stock.empty())
    Fixes = makeConstReference(Copy, Ctx);
  std::string SourceText = sourceText(Source, Ctx);
  if (SourceText.empty())
    SourceText = nameOf(*Root);
  if (IsStaging) {
    const FunctionDecl *Callee = StagingUse->getDirectCallee();
    diag(Copy.getLocation(),
         withTag("%0 is a staging copy of '%1' used only as the source of %2; "
                 "copy from the original",
                 BypassTag))
        << &Copy << SourceText << Callee << Fixes;
    diag(Ctx.getSourceManager().getExpansionLoc(StagingUse->getBeginLoc()),
         "the staging copy is read here",
         DiagnosticIDs::Note);
    noteNoFix(Copy.getLocation(), Change, Stock);
    noteWhere(*Where);
    return;
  }
  diag(Copy.getLocation(),
       withTag("%0 is a copy of '%1' that is never modified; bind a const "
               "reference instead",
               ShareTag))
      << &Copy << SourceText << Fixes;
  diag(Source.getBeginLoc(), "copied from here", DiagnosticIDs::Note);
  noteNoFix(Copy.getLocation(), Change, Stock);
  noteWhere(*Where);
}

void RedundantCopyCheck::checkRangeForCopy(const CXXForRangeStmt &Loop,
                                           ASTContext &Ctx) {
  const VarDecl *Elem = Loop.getLoopVariable();
  if (!Elem || isOutOfAnalysisScope(*Elem) ||
      !isExpensive(Elem->getType(), Ctx))
    return;
  // Only copies made from the container's own elements (lvalues); elements
  // produced by value (proxies, generators) cost nothing extra.
  const auto *Init = dyn_cast_or_null<CXXConstructExpr>(
      Elem->getInit() ? Elem->getInit()->IgnoreImplicit() : nullptr);
  if (!Init || Init->getNumArgs() != 1 ||
      !Init->getConstructor()->isCopyConstructor() ||
      !Init->getArg(0)->IgnoreImplicit()->isGLValue())
    return;
  const Stmt *Body = Loop.getBody();
  const Stmt *FnBody = enclosingFunctionBody(*Elem);
  if (!Body || !FnBody)
    return;
  if (firstWriteIn(*Elem, {Body}, Ctx) || firstEscapeIn(*Elem, {Body}, Ctx))
    return;
  // The range must not change under the reference during the body.
  const Expr *Range = Loop.getRangeInit();
  std::optional<SideEffects::Change> Change;
  if (const VarDecl *Root = rootVariable(Range)) {
    if (firstWriteIn(*Root, {Body}, Ctx) || captureByReference(*Root, *FnBody))
      return;
    // By reference, the element would see writes made through other names.
    Change = Effects->firstChangingSource(*Root, Range->getType(), {Body});
  } else if (!Range->IgnoreImplicit()->isPRValue()) {
    return; // e.g. a member returned by reference that the body may change
  }
  std::optional<HotPathFilter::Where> Where = hotWhere(Body, *Elem);
  if (!Where)
    return;
  llvm::StringRef Stock =
      editLeftTo("performance-for-range-copy") ? "performance-for-range-copy" : "";
  std::vector<FixItHint> Fixes;
  if (!Change && Stock.empty())
    Fixes = makeConstReference(*Elem, Ctx);
  diag(Elem->getLocation(),
       withTag("loop variable %0 copies each element of type %1 but is only "
               "read; iterate by const reference",
               ShareTag))
      << Elem << quotedTypeName(Elem->getType(), Ctx) << Fixes;
  noteNoFix(Elem->getLocation(), Change, Stock);
  noteWhere(*Where);
}

void RedundantCopyCheck::checkClone(const VarDecl &Copy, const DeclStmt &Decl,
                                    const CXXMemberCallExpr &Clone,
                                    ASTContext &Ctx) {
  if (isOutOfAnalysisScope(Copy) || !api::isTensorType(Copy.getType()))
    return;
  // `clone(memory_format)` changes the layout; only the plain form is a copy.
  for (const Expr *Arg : Clone.arguments())
    if (!isa<CXXDefaultArgExpr>(Arg))
      return;
  const Expr *Object = Clone.getImplicitObjectArgument();
  const VarDecl *Root = Object ? rootVariable(Object) : nullptr;
  const Stmt *Body = enclosingFunctionBody(Copy);
  if (!Root || !Body || captureByReference(*Root, *Body))
    return;
  llvm::SmallVector<const Stmt *, 8> Live = liveRangeAfter(Decl, Ctx);
  for (const Stmt *S : Live) {
    // The clone is written, escapes, or a view of it is kept.
    if (findTensorWriteOrAlias(Copy, *S, Ctx))
      return;
    // Any tensor written while the clone lives may share storage with the
    // original (views), so any in-place op keeps the clone necessary.
    if (findAnyTensorWrite(*S, Ctx))
      return;
  }
  if (firstWriteIn(Copy, Live, Ctx))
    return;

  // Without the clone both names share storage: nothing while the copy
  // lives may write a tensor behind our back (a call we cannot see).
  std::optional<SideEffects::Change> Change = Effects->firstChangingObject(
      *Root, Copy.getType(), Live,
      dyn_cast_or_null<FunctionDecl>(Copy.getParentFunctionOrMethod()));
  std::optional<HotPathFilter::Where> Where = hotWhere(&Decl, Copy);
  if (!Where)
    return;
  std::vector<FixItHint> Fixes;
  const auto *Callee = dyn_cast<MemberExpr>(Clone.getCallee());
  SourceRange Drop(Callee ? Callee->getOperatorLoc() : SourceLocation(),
                   Clone.getRParenLoc());
  if (!Change && Callee && isPlainFileRange(Drop, Ctx.getSourceManager()) &&
      !Callee->isArrow())
    Fixes.push_back(FixItHint::CreateRemoval(Drop));
  diag(Copy.getLocation(),
       withTag("%0 is a deep copy of '%1' that is never written; use the "
               "tensor itself instead of clone()",
               ShareTag))
      << &Copy << sourceText(*Object, Ctx) << Fixes;
  diag(Clone.getExprLoc(), "cloned here", DiagnosticIDs::Note);
  noteNoFix(Copy.getLocation(), Change, "");
  noteWhere(*Where);
}

void RedundantCopyCheck::checkValueParams(const FunctionDecl &Fn,
                                          ASTContext &Ctx) {
  if (isOutOfAnalysisScope(Fn) || Fn.isMain() || Fn.isExternC() || !Fn.getBody() || Fn.isVariadic())
    return;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Fn))
    if (MD->isVirtual() || MD->size_overridden_methods() > 0 ||
        MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator())
      return;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Fn))
    if (Ctor->isCopyOrMoveConstructor())
      return;
  if (isa<CoroutineBodyStmt>(Fn.getBody()))
    return;
  ExprMutationAnalyzer::Memoized Memo;
  FunctionParmMutationAnalyzer *Analyzer = nullptr;
  for (unsigned I = 0; I < Fn.getNumParams(); ++I) {
    const ParmVarDecl *P = Fn.getParamDecl(I);
    if (!P->getIdentifier() || P->getType()->isReferenceType() ||
        !isExpensive(P->getType(), Ctx))
      continue;
    // Constructors also use their parameters in member initializers.
    llvm::SmallVector<const Stmt *, 4> Scopes = {Fn.getBody()};
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Fn))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten() && Init->getInit())
          Scopes.push_back(Init->getInit());
    bool Used = false;
    for (const Stmt *S : Scopes)
      Used |= !referencesTo(*P, *S, Ctx).empty();
    if (!Used)
      continue; // unused: an interface requirement, not a copy we can save
    if (!Analyzer)
      Analyzer = FunctionParmMutationAnalyzer::getFunctionParmMutationAnalyzer(
          Fn, Ctx, Memo);
    // The analyzer counts reads through non-const container accessors
    // (`v[i]`) as writes; look again at each use before giving up.
    if ((Analyzer->isMutated(P) && firstWriteIn(*P, Scopes, Ctx)) ||
        firstEscapeIn(*P, Scopes, Ctx))
      continue;
    // As a reference, the parameter would see every write the function
    // makes to the caller's argument through another name.
    PendingParams.push_back(
        {P, &Fn, I, Effects->firstChangingObject(*P, P->getType(), Scopes, &Fn)});
  }
}

void RedundantCopyCheck::onEndOfTranslationUnit() {
  Deferred.replay(
      UserCode, [&](const MatchFinder::MatchResult &R) { analyze(R); },
      [&](ASTContext &) { reportValueParams(); });
  Hot.reset();
  LastUse.reset();
  References.reset();
  ReferencedCopies.clear();
}

void RedundantCopyCheck::reportValueParams() {
  // A signature change rests on every use of the function in the
  // translation unit, broken code included: with errors, none.
  // The last-use moves from parameters this rule does not report.
  llvm::SmallPtrSet<const ParmVarDecl *, 8> Reported;
  llvm::scope_exit ReportLastUses([&] {
    for (const LastUseFinding &F : PendingLastUse)
      if (Ctx && !Reported.count(F.Blocker))
        reportLastUse(F, *Ctx);
    PendingLastUse.clear();
    PendingParams.clear();
  });
  if (PendingParams.empty() || !Ctx ||
      Ctx->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  // One pass over the user's top-level declarations finds functions whose
  // address is taken: their signature cannot change.
  llvm::SmallPtrSet<const FunctionDecl *, 16> Candidates, AddressTaken;
  for (const ParamFinding &F : PendingParams)
    Candidates.insert(F.Fn->getCanonicalDecl());
  struct Visitor : RecursiveASTVisitor<Visitor> {
    llvm::SmallPtrSetImpl<const FunctionDecl *> &Candidates, &AddressTaken;
    llvm::SmallPtrSet<const Expr *, 16> Callees;
    Visitor(llvm::SmallPtrSetImpl<const FunctionDecl *> &C,
            llvm::SmallPtrSetImpl<const FunctionDecl *> &A)
        : Candidates(C), AddressTaken(A) {}
    bool shouldVisitLambdaBody() const { return true; }
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool VisitCallExpr(CallExpr *C) {
      Callees.insert(C->getCallee()->IgnoreParenImpCasts());
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *DRE) {
      const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl());
      if (FD && Candidates.count(FD->getCanonicalDecl()) &&
          !Callees.count(DRE))
        AddressTaken.insert(FD->getCanonicalDecl());
      return true;
    }
  } V(Candidates, AddressTaken);
  const SourceManager &SM = Ctx->getSourceManager();
  for (Decl *D : Ctx->getTranslationUnitDecl()->decls())
    if (UserCode.isUserCode(D->getLocation(), SM))
      V.TraverseDecl(D);

  CallGraph &Graph = Hot.graph(*Ctx);
  // In a translation unit that binds functions to Python, functions nothing
  // here calls are, by the projects' convention, bound in another file:
  // pybind11 moves its converted argument into them.
  bool BindsToPython = llvm::any_of(Graph.allBindings(), [](const auto &B) {
    return B.second != nullptr;
  }) || usesPybind11(*Ctx);
  for (const ParamFinding &F : PendingParams) {
    const FunctionDecl *Canon = F.Fn->getCanonicalDecl();
    // A copy happens only where a caller passes an lvalue: temporaries,
    // literals, braced lists and moved or converted arguments construct the
    // parameter in place, and a reference would save nothing.
    if (Graph.bindingOf(*F.Fn))
      continue;
    llvm::ArrayRef<CallGraph::Site> Sites = Graph.callersOf(*F.Fn);
    const Expr *CopyingArg = nullptr;
    for (const CallGraph::Site &Site : Sites)
      if (const Expr *A = argumentFor(*Site.Call, *F.Param))
        if (isCopyFromLValue(A)) {
          CopyingArg = A;
          break;
        }
    // Nothing here calls it: an API whose callers are elsewhere. Measured on
    // MNN (354 units), 129 of 138 by-value findings were such functions,
    // graph builders that callers feed braced lists: off by default.
    if (Sites.empty() ? !UncalledParameters || (BindsToPython && F.Fn->isExternallyVisible())
                      : !CopyingArg)
      continue;
    std::optional<HotPathFilter::Where> Where = hotWhere(nullptr, *F.Fn);
    if (!Where)
      continue;
    std::vector<FixItHint> Fixes;
    // Why the signature must stay, when it must.
    std::string Kept;
    if (AddressTaken.count(Canon))
      Kept = "the address of %0 is taken, so its type must stay";
    // Lambdas without captures convert to function pointers whose type would
    // change.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(F.Fn))
      if (MD->getParent()->isLambda() && MD->getParent()->capture_size() == 0)
        Kept = "a lambda without captures converts to a function pointer "
               "whose type would change";
    // Another translation unit may declare (and call) a function of external
    // linkage with the old signature: only a declaration in a header of
    // this one, edited with the definition, keeps them in step. Members are
    // declared in their class.
    if (Kept.empty() && F.Fn->isExternallyVisible() && !isa<CXXMethodDecl>(F.Fn) &&
        llvm::all_of(F.Fn->redecls(), [&](const FunctionDecl *D) {
          return SM.isInMainFile(SM.getExpansionLoc(D->getLocation()));
        }))
      Kept = "%0 has external linkage and no declaration in a header of this "
             "translation unit; other files may declare it with this signature";
    // A template's specializations and explicit instantiations spell the
    // signature elsewhere.
    const FunctionTemplateDecl *Template =
        F.Fn->getPrimaryTemplate() ? F.Fn->getPrimaryTemplate()
                                   : F.Fn->getDescribedFunctionTemplate();
    auto Explicit = [](const FunctionDecl *D) {
      TemplateSpecializationKind K = D->getTemplateSpecializationKind();
      return K == TSK_ExplicitSpecialization ||
             K == TSK_ExplicitInstantiationDeclaration ||
             K == TSK_ExplicitInstantiationDefinition;
    };
    if (Kept.empty() && (Explicit(F.Fn) ||
                         (Template && llvm::any_of(Template->specializations(), Explicit))))
      Kept = "%0 is a template with explicit specializations or "
             "instantiations, which keep this signature";
    llvm::StringRef Stock = editLeftTo("performance-unnecessary-value-param")
                                ? "performance-unnecessary-value-param"
                                : "";
    bool Fixable = Kept.empty() && !F.Change && Stock.empty();
    for (const FunctionDecl *Redecl : F.Fn->redecls()) {
      if (!Fixable)
        break;
      const ParmVarDecl *P = Redecl->getParamDecl(F.Index);
      std::vector<FixItHint> One;
      if (UserCode.isUserCode(P->getLocation(), SM))
        One = makeConstReference(*P, *Ctx);
      if (One.empty())
        Fixable = false;
      for (FixItHint &H : One)
        Fixes.push_back(std::move(H));
    }
    if (!Fixable)
      Fixes.clear();
    diag(F.Param->getLocation(),
         withTag("parameter %0 of type %1 is copied for every call but only "
                 "read; pass it by const reference",
                 ShareTag))
        << F.Param << quotedTypeName(F.Param->getType(), *Ctx) << Fixes;
    Reported.insert(F.Param);
    if (CopyingArg)
      diag(SM.getExpansionLoc(CopyingArg->getBeginLoc()),
           "copied here: this call passes an lvalue", DiagnosticIDs::Note);
    if (!Kept.empty())
      diag(F.Fn->getLocation(), "no fix: " + Kept, DiagnosticIDs::Note) << F.Fn;
    else
      noteNoFix(F.Param->getLocation(), F.Change, Stock);
    noteWhere(*Where);
  }
}

/// Whether the translation unit declares `std::move(T&&)`, so that the fix
/// compiles without an include.
static bool declaresStdMove(ASTContext &Ctx) {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    const auto *NS = dyn_cast<NamespaceDecl>(D);
    if (!NS || !NS->getIdentifier() || NS->getName() != "std")
      continue;
    for (const NamedDecl *ND : NS->lookup(&Ctx.Idents.get("move")))
      if (const auto *FT = dyn_cast<FunctionTemplateDecl>(ND))
        if (FT->getTemplatedDecl()->getNumParams() == 1)
          return true;
    return false;
  }
  return false;
}

/// `T x = y;` or `T x = f();` (an lvalue reference returned) with `x` never
/// written: what performance-unnecessary-copy-initialization may make a
/// const reference.
static bool isStockCopyInitialization(const VarDecl &Var, ASTContext &Ctx) {
  const auto *Init = dyn_cast_or_null<CXXConstructExpr>(
      Var.getInit() ? Var.getInit()->IgnoreImplicit() : nullptr);
  if (!Init || Init->getNumArgs() != 1 ||
      !Init->getConstructor()->isCopyConstructor() ||
      !isa<DeclRefExpr, CallExpr>(Init->getArg(0)->IgnoreParenImpCasts()))
    return false;
  const Stmt *Body = enclosingFunctionBody(Var);
  return Body && !findWrite(Var, *Body, Ctx);
}

/// The parameter that the argument `Child` of the call or construction `P`
/// initializes.
static const ParmVarDecl *targetParameter(const Stmt *P, const Stmt *Child) {
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  unsigned Offset = 0;
  if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(P)) {
    Callee = CE->getConstructor();
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
  } else if (const auto *Call = dyn_cast_or_null<CallExpr>(P)) {
    Callee = Call->getDirectCallee();
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
    if (isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee))
      Offset = 1;
  }
  if (!Callee)
    return nullptr;
  for (unsigned I = Offset; I < Args.size(); ++I)
    if (Args[I] == Child && I - Offset < Callee->getNumParams())
      return Callee->getParamDecl(I - Offset);
  return nullptr;
}

bool RedundantCopyCheck::isCalledHere(const FunctionDecl &Fn) {
  CallGraph &G = Hot.graph(*Ctx);
  // A lambda is called where its enclosing function is.
  const FunctionDecl *F = lambdaOwner(Fn);
  if (!G.callersOf(*F).empty() || G.isEntryPoint(*F))
    return true;
  // An override is called through the methods it overrides.
  llvm::SmallVector<const CXXMethodDecl *, 4> Work;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(F))
    Work.push_back(MD);
  for (unsigned Steps = 0; !Work.empty() && Steps < 32; ++Steps) {
    const CXXMethodDecl *M = Work.pop_back_val();
    for (const CXXMethodDecl *Base : M->overridden_methods()) {
      if (!G.callersOf(*Base).empty())
        return true;
      Work.push_back(Base);
    }
  }
  return false;
}

void RedundantCopyCheck::checkLastUseCopies(const Expr &Site, ASTContext &Ctx) {
  enum class Form { Construct, Assign, Call };
  struct Candidate {
    const Expr *Arg;
    Form How;
    const FunctionDecl *Callee;
    /// The by-value parameter the copy initializes, if any.
    const ParmVarDecl *Target = nullptr;
  };
  llvm::SmallVector<Candidate, 2> Candidates;
  // The function taking the local by reference, and its arguments.
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  const auto *Construct = dyn_cast<CXXConstructExpr>(&Site);
  if (Construct && !Construct->getConstructor()->isCopyConstructor()) {
    Callee = Construct->getConstructor();
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  } else if (const auto *Call = dyn_cast<CallExpr>(&Site);
             Call && !isa<CXXOperatorCallExpr>(Call)) {
    Callee = Call->getDirectCallee();
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  }
  if (Callee) {
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType P = Callee->getParamDecl(I)->getType();
      if (!P->isLValueReferenceType())
        continue;
      bool Rebinds = P->getPointeeType().isConstQualified()
                         ? hasRvalueOverload(*Callee, I)
                         : Callee->isTemplateInstantiation() &&
                               api::isConstructingForwarder(Callee);
      if (Rebinds)
        Candidates.push_back({Args[I], Form::Call, Callee});
    }
  } else if (Construct) {
    const Stmt *Child = nullptr;
    const Stmt *P = semanticParent(Construct, Ctx, &Child);
    // A lambda's capture by copy needs an init-capture, not a std::move.
    if (P && isa<LambdaExpr>(P))
      return;
    // `T x = v;` with `x` never written is the local-copy rule's (a const
    // reference saves the move too).
    if (!P)
      if (const auto *VD = Ctx.getParents(*Child).empty()
                               ? nullptr
                               : Ctx.getParents(*Child)[0].get<VarDecl>()) {
        const Stmt *Body = enclosingFunctionBody(*VD);
        if (!Body || !findWrite(*VD, *Body, Ctx))
          return;
        // `decltype(auto) d = std::move(c);` would declare a reference.
        if (const AutoType *AT = VD->getType()->getContainedAutoType();
            AT && AT->isDecltypeAuto())
          return;
      }
    Candidates.push_back(
        {Construct->getArg(0), Form::Construct, nullptr, targetParameter(P, Child)});
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Site)) {
    Candidates.push_back({Op->getArg(1), Form::Assign, nullptr});
  }

  const SourceManager &SM = Ctx.getSourceManager();
  for (const Candidate &C : Candidates) {
    const Expr *Arg = C.Arg->IgnoreParenImpCasts();
    QualType T = Arg->getType();
    const VarDecl *Var = rootVariable(Arg);
    // A copy that this rule or performance-unnecessary-copy-initialization
    // makes a const reference: a move from it would copy.
    if (!Var || isOutOfAnalysisScope(*Var) || ReferencedCopies.count(Var) ||
        (editLeftTo("performance-unnecessary-copy-initialization") &&
         isStockCopyInitialization(*Var, Ctx)) ||
        !isExpensive(T, Ctx) ||
        !isCheaperToMove(T, C.How == Form::Assign) ||
        !isPlainFileRange(Arg->getSourceRange(), SM) ||
        !LastUse.isLastUse(*Var, *Arg, Ctx))
      continue;
    const FunctionDecl *Fn = enclosingCallable(Site, Ctx);
    if (!Fn || Fn->isImplicit())
      continue;
    std::optional<HotPathFilter::Where> Where = hotWhere(&Site, *Fn);
    if (!Where || (!Where->Path && !UncalledLastUses && !isCalledHere(*Fn)))
      continue;
    // A by-value parameter (the copied variable, or the one the copy
    // initializes) that the by-value rule may make a const reference: the
    // move would be from, or into, a const reference. Such findings wait
    // for its verdict; performance-unnecessary-value-param's is unknown.
    const auto *Blocker = dyn_cast<ParmVarDecl>(Var);
    if (C.Target && C.Target->getType()->isRecordType()) {
      const auto *Owner = dyn_cast<FunctionDecl>(C.Target->getDeclContext());
      if (Owner && Owner->hasBody()) {
        if (editLeftTo("performance-unnecessary-value-param"))
          continue;
        Blocker = C.Target;
      }
    }
    LastUseFinding F{Arg, Var, C.Callee, C.How == Form::Assign, *Where, Blocker};
    if (Blocker)
      PendingLastUse.push_back(F);
    else
      reportLastUse(F, Ctx);
  }
}

void RedundantCopyCheck::reportLastUse(const LastUseFinding &F, ASTContext &Ctx) {
  const Expr *Arg = F.Arg;
  const VarDecl *Var = F.Var;
  std::string Text = sourceText(*Arg, Ctx);
  if (Text.empty())
  return;
  // performance-unnecessary-value-param moves a by-value parameter copied
  // as a whole at its only use, the same edit.
  // Elsewhere it may make the parameter a const reference, from which a
  // move copies (and performance-move-const-arg then objects).
  llvm::StringRef Stock;
  bool StockMayConst = false;
  if (isa<ParmVarDecl>(Var) && editLeftTo("performance-unnecessary-value-param")) {
    if (isa<DeclRefExpr>(Arg) && !F.Callee)
      Stock = "performance-unnecessary-value-param";
    else
      StockMayConst = true;
  }
  std::vector<FixItHint> Fixes;
  bool HasMove = declaresStdMove(Ctx);
  if (HasMove && Stock.empty() && !StockMayConst)
    Fixes.push_back(FixItHint::CreateReplacement(Arg->getSourceRange(),
                                                 "std::move(" + Text + ")"));
  const char *Message =
      F.Assign
          ? "'%0' is copy-assigned at its last use; move it instead"
      : F.Callee
          ? "'%0' is copied into '%1' at its last use; move it instead"
          : "'%0' is copied at its last use; move it instead";
  {
    auto D = diag(Arg->getBeginLoc(), withTag(Message, ShareTag)) << Text;
    if (F.Callee)
      D << (isa<CXXConstructorDecl>(F.Callee)
                ? cast<CXXConstructorDecl>(F.Callee)->getParent()->getNameAsString()
                : F.Callee->getNameAsString());
    D << Fixes;
  }
  diag(Var->getLocation(), "%0 is not used after the copy", DiagnosticIDs::Note)
      << Var;
  if (!HasMove)
    diag(Arg->getBeginLoc(), "no fix: std::move is not declared here (include <utility>)",
         DiagnosticIDs::Note);
  else if (StockMayConst)
    diag(Arg->getBeginLoc(),
         "no fix: performance-unnecessary-value-param may make %0 a const "
         "reference, from which a move copies",
         DiagnosticIDs::Note)
        << Var;
  else
    noteNoFix(Arg->getBeginLoc(), std::nullopt, Stock);
  noteWhere(F.Where);
}

void RedundantCopyCheck::checkTensorRoundTrip(const CXXMemberCallExpr &ToDevice,
                                              ASTContext &Ctx) {
  if (!api::isTensorToDevice(&ToDevice, Ctx))
    return;
  const Expr *Object = ToDevice.getImplicitObjectArgument();
  if (!Object)
    return;
  Object = Object->IgnoreImplicit();
  const CXXMemberCallExpr *ToHost = dyn_cast<CXXMemberCallExpr>(Object);
  const VarDecl *HostCopy = nullptr;
  if (!ToHost) {
    // `auto h = x.cpu(); ... h.cuda()` with `h` used nowhere else.
    const auto *DRE = dyn_cast<DeclRefExpr>(Object);
    HostCopy = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    const Stmt *Body = HostCopy ? enclosingFunctionBody(*HostCopy) : nullptr;
    if (!HostCopy || !HostCopy->hasLocalStorage() || isa<ParmVarDecl>(HostCopy) ||
        !HostCopy->getInit() || !Body ||
        referencesTo(*HostCopy, *Body, Ctx).size() != 1)
      return;
    ToHost = dyn_cast<CXXMemberCallExpr>(
        HostCopy->getInit()->IgnoreImplicit());
  }
  if (!ToHost || !api::isTensorToHost(ToHost, Ctx))
    return;
  const FunctionDecl *Fn = enclosingCallable(ToDevice, Ctx);
  std::optional<HotPathFilter::Where> Where =
      Fn ? hotWhere(&ToDevice, *Fn) : std::nullopt;
  if (!Where)
    return;
  diag(ToDevice.getExprLoc(),
       withTag("tensor is copied to the host and straight back to a device "
               "with nothing reading the host copy; keep it on the device",
               BypassTag));
  diag(ToHost->getExprLoc(), "copied to the host here", DiagnosticIDs::Note);
  noteWhere(*Where);
}

/// Strips `.data()`, `&v[0]` and casts from a buffer argument.
static const Expr *bufferExpr(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *C = dyn_cast<CStyleCastExpr>(E))
    E = C->getSubExpr()->IgnoreParenImpCasts();
  return E;
}

static bool sameExpr(const Expr *A, const Expr *B, const ASTContext &Ctx) {
  llvm::FoldingSetNodeID IA, IB;
  bufferExpr(A)->Profile(IA, Ctx, /*Canonical=*/true);
  bufferExpr(B)->Profile(IB, Ctx, /*Canonical=*/true);
  return IA == IB;
}

/// The local variable a host buffer expression names (`h`, `h.data()`,
/// `&h[0]`), if any.
static const VarDecl *bufferVariable(const Expr *E) {
  E = bufferExpr(E);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (isMethodNamed(MC, {"data"}))
      E = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(
              U->getSubExpr()->IgnoreParenImpCasts()))
        E = Op->getArg(0)->IgnoreParenImpCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasLocalStorage() ? VD : nullptr;
}

void RedundantCopyCheck::checkMemcpyRoundTrips(const CompoundStmt &Block,
                                               ASTContext &Ctx) {
  const Stmt *Prev = nullptr;
  for (const Stmt *S : Block.body()) {
    const Stmt *First = Prev;
    Prev = S;
    const auto *C1 = First ? dyn_cast<CallExpr>(First) : nullptr;
    const auto *C2 = dyn_cast<CallExpr>(S);
    if (!C1 || !C2)
      continue;
    std::optional<api::LinearCopy> Down = api::asLinearCopy(C1, Ctx);
    std::optional<api::LinearCopy> Up = api::asLinearCopy(C2, Ctx);
    if (!Down || !Up || !Down->IsCuda || !Up->IsCuda ||
        Down->Kind != api::MemcpyKind::DeviceToHost ||
        Up->Kind != api::MemcpyKind::HostToDevice ||
        !sameExpr(Down->Dst, Up->Src, Ctx))
      continue;

    const FunctionDecl *Fn = enclosingCallable(*C1, Ctx);
    std::optional<HotPathFilter::Where> Where =
        Fn ? hotWhere(C1, *Fn) : std::nullopt;
    if (!Where)
      continue;
    // The fix replaces both by one device-to-device copy. It needs the same
    // byte count and stream, distinct device buffers, and a host buffer that
    // nothing else in the function reads.
    std::vector<FixItHint> Fixes;
    const VarDecl *Host = bufferVariable(Down->Dst);
    const Stmt *Body = Host ? enclosingFunctionBody(*Host) : nullptr;
    bool HostOnlyHere = Body != nullptr;
    if (Body)
      for (const DeclRefExpr *Ref : referencesTo(*Host, *Body, Ctx)) {
        SourceLocation L = Ref->getBeginLoc();
        auto Inside = [&](const Stmt *St) {
          return !Ctx.getSourceManager().isBeforeInTranslationUnit(
                     L, St->getBeginLoc()) &&
                 !Ctx.getSourceManager().isBeforeInTranslationUnit(
                     St->getEndLoc(), L);
        };
        if (!Inside(C1) && !Inside(C2))
          HostOnlyHere = false;
      }
    bool SameStream =
        Down->IsAsync == Up->IsAsync &&
        (!Down->IsAsync || C1->getNumArgs() < 5 || C2->getNumArgs() < 5 ||
         sameExpr(C1->getArg(4), C2->getArg(4), Ctx));
    std::string DeviceSource = sourceText(*Down->Src, Ctx);
    const Expr *UpKind = C2->getArg(3);
    if (HostOnlyHere && SameStream && !DeviceSource.empty() &&
        sameExpr(Down->Bytes, Up->Bytes, Ctx) &&
        !sameExpr(Down->Src, Up->Dst, Ctx) &&
        isPlainFileRange(Up->Src->getSourceRange(), Ctx.getSourceManager()) &&
        isPlainFileRange(UpKind->getSourceRange(), Ctx.getSourceManager())) {
      Fixes = removeStatement(*C1, Ctx);
      if (!Fixes.empty()) {
        Fixes.push_back(FixItHint::CreateReplacement(Up->Src->getSourceRange(),
                                                     DeviceSource));
        Fixes.push_back(FixItHint::CreateReplacement(UpKind->getSourceRange(),
                                                     "cudaMemcpyDeviceToDevice"));
      }
    }
    const SourceManager &SM = Ctx.getSourceManager();
    diag(SM.getExpansionLoc(C1->getBeginLoc()),
         withTag("device data is copied to the host and straight back to the "
                 "device by %0; copy device to device instead",
                 BypassTag))
        // Keeps clangd from placing the finding where the removal starts.
        << C1->getDirectCallee()
        << SourceRange(SM.getExpansionLoc(C1->getBeginLoc())) << Fixes;
    diag(SM.getExpansionLoc(C2->getBeginLoc()), "copied back to the device here",
         DiagnosticIDs::Note);
    noteWhere(*Where);
  }
}

} // namespace sysopt
