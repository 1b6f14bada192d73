//===- MissingCowCheck.cpp - sysopt-missing-cow ---------------------------===//
#include "MissingCowCheck.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/ApiModels.h"
#include "sysopt/CopyMatchers.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/FixItBuilders.h"
#include "sysopt/LoopAnalysis.h"
#include "sysopt/SideEffects.h"
#include "sysopt/Taxonomy.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
// Bound-node names.
constexpr llvm::StringLiteral CopyId = "copy";
constexpr llvm::StringLiteral DeclId = "decl";
constexpr llvm::StringLiteral SourceId = "source";
constexpr llvm::StringLiteral CloneId = "clone";
constexpr llvm::StringLiteral LoopId = "loop";

// Copy only when a write happens: the copy is deferred to the write path.
constexpr Tag DeferTag{Principle::Reordering, Method::Deferral};
// Never written at all: share the original (or one snapshot) instead.
constexpr Tag ShareTag{Principle::Removal, Method::Contextualization};

/// How the writes of a variable sit in a statement, from the point of view
/// of one execution of it.
enum class WriteShape {
  None,   // no write
  Always, // written whenever the statement runs (or we cannot tell a path
          // that skips the write)
  Some,   // written on some paths only (a branch of an if or a switch)
  Unsure  // written in a loop body or a switch with a default: bail out
};

using WritesIn = llvm::function_ref<const Stmt *(const Stmt &)>;

WriteShape classifyWrites(const Stmt *S, WritesIn Writes,
                          llvm::SmallVectorImpl<const Stmt *> &Sites);

/// Writes anywhere in one of `Parts` (loop headers, conditions) happen
/// whenever the statement runs.
bool writesIn(std::initializer_list<const Stmt *> Parts, WritesIn Writes,
              llvm::SmallVectorImpl<const Stmt *> &Sites) {
  for (const Stmt *P : Parts)
    if (P)
      if (const Stmt *W = Writes(*P)) {
        Sites.push_back(W);
        return true;
      }
  return false;
}

/// A loop body may run zero times, but usually does: writes on every
/// iteration are not a rare path, writes on some iterations are.
WriteShape loopBody(const Stmt *Body, WritesIn Writes,
                    llvm::SmallVectorImpl<const Stmt *> &Sites) {
  switch (classifyWrites(Body, Writes, Sites)) {
  case WriteShape::None:
    return WriteShape::None;
  case WriteShape::Some:
    return WriteShape::Some;
  default:
    return WriteShape::Unsure;
  }
}

WriteShape classifyWrites(const Stmt *S, WritesIn Writes,
                          llvm::SmallVectorImpl<const Stmt *> &Sites) {
  if (!S)
    return WriteShape::None;
  const Stmt *W = Writes(*S);
  if (!W)
    return WriteShape::None;
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    if (writesIn({If->getInit(), If->getConditionVariableDeclStmt(),
                  If->getCond()},
                 Writes, Sites))
      return WriteShape::Always;
    WriteShape Then = classifyWrites(If->getThen(), Writes, Sites);
    WriteShape Else = classifyWrites(If->getElse(), Writes, Sites);
    if (Then == WriteShape::Unsure || Else == WriteShape::Unsure)
      return WriteShape::Unsure;
    if (Then == WriteShape::Always && Else == WriteShape::Always)
      return WriteShape::Always;
    return WriteShape::Some;
  }
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    WriteShape Result = WriteShape::None;
    for (const Stmt *Child : CS->body()) {
      WriteShape C = classifyWrites(Child, Writes, Sites);
      if (C == WriteShape::Always || C == WriteShape::Unsure)
        return C;
      if (C == WriteShape::Some)
        Result = WriteShape::Some;
    }
    return Result;
  }
  if (const auto *For = dyn_cast<ForStmt>(S)) {
    if (writesIn({For->getInit(), For->getCond(), For->getInc()}, Writes,
                 Sites))
      return WriteShape::Always;
    return loopBody(For->getBody(), Writes, Sites);
  }
  if (const auto *While = dyn_cast<WhileStmt>(S)) {
    if (writesIn({While->getCond()}, Writes, Sites))
      return WriteShape::Always;
    return loopBody(While->getBody(), Writes, Sites);
  }
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(S)) {
    if (writesIn({RangeFor->getInit(), RangeFor->getRangeInit()}, Writes,
                 Sites))
      return WriteShape::Always;
    return loopBody(RangeFor->getBody(), Writes, Sites);
  }
  if (const auto *Do = dyn_cast<DoStmt>(S)) {
    if (writesIn({Do->getCond()}, Writes, Sites))
      return WriteShape::Always;
    return classifyWrites(Do->getBody(), Writes, Sites);
  }
  if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
    if (writesIn({Switch->getInit(), Switch->getCond()}, Writes, Sites))
      return WriteShape::Always;
    for (const SwitchCase *C = Switch->getSwitchCaseList(); C;
         C = C->getNextSwitchCase())
      if (isa<DefaultStmt>(C))
        return WriteShape::Unsure;
    Sites.push_back(W);
    return WriteShape::Some;
  }
  // Anything else (an expression, a declaration, a try block) writes
  // whenever it runs, as far as we can tell.
  Sites.push_back(W);
  return WriteShape::Always;
}

WriteShape classifyRange(llvm::ArrayRef<const Stmt *> Range, WritesIn Writes,
                         llvm::SmallVectorImpl<const Stmt *> &Sites) {
  WriteShape Result = WriteShape::None;
  for (const Stmt *S : Range) {
    WriteShape C = classifyWrites(S, Writes, Sites);
    if (C == WriteShape::Always || C == WriteShape::Unsure)
      return C;
    if (C == WriteShape::Some)
      Result = WriteShape::Some;
  }
  return Result;
}


/// Whether `Inner` lies within `Outer`'s source range (both in one file).
bool isWithin(SourceLocation Inner, const Stmt &Outer, const SourceManager &SM) {
  SourceRange R = Outer.getSourceRange();
  Inner = SM.getExpansionLoc(Inner);
  SourceLocation B = SM.getExpansionLoc(R.getBegin());
  SourceLocation E = SM.getExpansionLoc(R.getEnd());
  return !SM.isBeforeInTranslationUnit(Inner, B) &&
         !SM.isBeforeInTranslationUnit(E, Inner);
}

/// The innermost loop around `S` inside its function, or nullptr.
const Stmt *enclosingLoop(const Stmt &S, ASTContext &Ctx) {
  const Stmt *Cur = &S;
  while (true) {
    DynTypedNodeList Parents = Ctx.getParents(*Cur);
    if (Parents.empty())
      return nullptr;
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P)
      return nullptr; // reached the function (or a lambda's class)
    if (isa<ForStmt, WhileStmt, CXXForRangeStmt>(P))
      return P;
    if (const auto *Do = dyn_cast<DoStmt>(P))
      if (!runsAtMostOnce(*Do, Ctx))
        return P;
    if (isa<LambdaExpr>(P))
      return nullptr;
    Cur = P;
  }
}

/// `copy = value`: the whole value replaced. A copy whose only writes are
/// such assignments is the "default, then override" idiom: its first value
/// is dead on the writing path, so there is nothing to copy on write.
bool isWholeAssignment(const Stmt *W, const VarDecl &Copy, ASTContext &Ctx) {
  auto IsCopy = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == &Copy;
  };
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(W))
    W = semanticParent(Ref, Ctx);
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(W))
    return Op->getOperator() == OO_Equal && IsCopy(Op->getArg(0));
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(W))
    return BO->getOpcode() == BO_Assign && IsCopy(BO->getLHS());
  return false;
}

/// One small edit of a copy: `copy.field = v` (or `op=`) of a cheap field,
/// or appending one element with push_back/emplace_back to the copy or to
/// one of its fields. Returns false for any other use that writes.
bool isSmallEdit(const DeclRefExpr *Ref, ASTContext &Ctx,
                 CopyCostModel &Costs) {
  const Stmt *P = semanticParent(Ref, Ctx);
  // Appending to the copy itself (a token sequence).
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
    if (const auto *MC =
            dyn_cast_or_null<CXXMemberCallExpr>(semanticParent(ME, Ctx))) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      return MD && MD->getIdentifier() &&
             (MD->getName() == "push_back" || MD->getName() == "emplace_back") &&
             MC->getNumArgs() == 1;
    }
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return false;
    const Stmt *Use = semanticParent(ME, Ctx);
    // copy.field = v / copy.field += v
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Use))
      return BO->isAssignmentOp() &&
             BO->getLHS()->IgnoreParenImpCasts() == ME &&
             Costs.classify(Field->getType(), Ctx) ==
                 CopyCost::Cheap;
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Use))
      return Op->isAssignmentOp() && Op->getArg(0)->IgnoreParenImpCasts() == ME &&
             Costs.classify(Field->getType(), Ctx) ==
                 CopyCost::Cheap;
    // copy.tokens.push_back(t)
    if (const auto *Inner = dyn_cast_or_null<MemberExpr>(Use))
      if (const auto *MC =
              dyn_cast_or_null<CXXMemberCallExpr>(semanticParent(Inner, Ctx))) {
        const CXXMethodDecl *MD = MC->getMethodDecl();
        return MD && MD->getIdentifier() &&
               (MD->getName() == "push_back" ||
                MD->getName() == "emplace_back") &&
               MC->getNumArgs() == 1;
      }
  }
  return false;
}

/// Whether `Ref` is handed to a container insertion (`v.push_back(copy)`,
/// `v.emplace_back(std::move(copy))`): a fork that is kept.
bool isStoredIntoContainer(const DeclRefExpr *Ref, ASTContext &Ctx) {
  const Stmt *P = semanticParent(Ref, Ctx);
  if (const auto *Move = dyn_cast_or_null<CallExpr>(P))
    if (const FunctionDecl *FD = Move->getDirectCallee())
      if (FD->isInStdNamespace() && FD->getIdentifier() &&
          FD->getName() == "move")
        P = semanticParent(Move, Ctx);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(P))
    P = semanticParent(Construct, Ctx);
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(P);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases({"push_back", "emplace_back", "push", "emplace", "insert"}, true)
      .Default(false);
}

/// `base_`, `this->base_.sub` or a global/static variable: an object that
/// outlives the function and is shared by every call (a per-request base).
const ValueDecl *sharedBase(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && (VD->hasGlobalStorage() || VD->isStaticLocal()))
      return VD;
    return nullptr;
  }
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (!ME || !isa<FieldDecl>(ME->getMemberDecl()))
    return nullptr;
  const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(Base))
    return ME->getMemberDecl();
  return sharedBase(Base) ? ME->getMemberDecl() : nullptr;
}

/// The out-of-place twin of a libtorch in-place op whose result is exactly
/// `cond ? x.op(args) : x` when applied to a clone of x.
llvm::StringRef outOfPlaceTwin(llvm::StringRef InPlace) {
  return llvm::StringSwitch<llvm::StringRef>(InPlace)
      .Case("add_", "add").Case("sub_", "sub").Case("mul_", "mul")
      .Case("div_", "div").Case("pow_", "pow").Case("clamp_", "clamp")
      .Case("clamp_min_", "clamp_min").Case("clamp_max_", "clamp_max")
      .Case("relu_", "relu").Case("sigmoid_", "sigmoid").Case("tanh_", "tanh")
      .Case("neg_", "neg").Case("abs_", "abs").Case("exp_", "exp")
      .Case("log_", "log").Case("sqrt_", "sqrt").Case("masked_fill_", "masked_fill")
      .Default("");
}

/// The single statement of a branch: `s;` or `{ s; }`.
const Stmt *singleStatement(const Stmt *Branch) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Branch))
    return CS->size() == 1 ? CS->body_front() : nullptr;
  return Branch;
}

} // namespace

MissingCowCheck::MissingCowCheck(llvm::StringRef Name,
                                 tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ExpensiveTypes(Options.get("ExpensiveTypes", "")),
      CheapTypes(Options.get("CheapTypes", "")),
      AllowedTypes(Options.get("AllowedTypes", "")),
      SizeThreshold(Options.get("SizeThreshold", 256U)),
      MaxSmallEdits(Options.get("MaxSmallEdits", 2U)),
      UserHeaderRegex(Options.getLocalOrGlobal("UserHeaderRegex", "")),
      SetupFunctions(Options.get("SetupFunctions", DefaultSetupWords)),
      EntryPoints(Options.getLocalOrGlobal("EntryPoints", "")),
      CallDepth(Options.getLocalOrGlobal("CallDepth", 2U)),
      Costs(CopyCostOptions{ExpensiveTypes, CheapTypes, AllowedTypes,
                            SizeThreshold}),
      UserCode(UserHeaderRegex),
      Hot(Options.get("Hotness", "per-call"), SetupFunctions, EntryPoints, CallDepth,
          UserCode) {
  for (const std::string &E : Hot.errors())
    configurationDiag("%0: %1") << Name << E;
  for (const std::string &E : Costs.errors())
    configurationDiag("%0: %1") << Name << E;
  if (!UserCode.regexError().empty())
    configurationDiag("%0: invalid UserHeaderRegex '%1': %2")
        << Name << UserHeaderRegex << UserCode.regexError();
}

void MissingCowCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExpensiveTypes", ExpensiveTypes);
  Options.store(Opts, "CheapTypes", CheapTypes);
  Options.store(Opts, "AllowedTypes", AllowedTypes);
  Options.store(Opts, "SizeThreshold", SizeThreshold);
  Options.store(Opts, "MaxSmallEdits", MaxSmallEdits);
  Options.store(Opts, "UserHeaderRegex", UserHeaderRegex);
  Options.store(Opts, "Hotness", Hot.HotnessOption);
  Options.store(Opts, "SetupFunctions", SetupFunctions);
  Options.store(Opts, "EntryPoints", EntryPoints);
  Options.store(Opts, "CallDepth", CallDepth);
}

std::optional<HotPathFilter::Where>
MissingCowCheck::hotWhere(const Stmt &S, const Decl *Inside, ASTContext &Ctx) {
  const FunctionDecl *Fn =
      Inside ? dyn_cast_or_null<FunctionDecl>(Inside->getParentFunctionOrMethod())
             : enclosingCallable(S, Ctx);
  if (!Fn)
    return std::nullopt;
  return Hot.where(&S, *Fn, Ctx);
}

void MissingCowCheck::noteWhere(const HotPathFilter::Where &W, const SourceManager &SM) {
  Hot.describe(W, SM, [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *N) {
    auto D = diag(L, Text, DiagnosticIDs::Note);
    if (N)
      D << N;
  });
}

void MissingCowCheck::registerPPCallbacks(const SourceManager &,
                                          Preprocessor *PP, Preprocessor *) {
  trackErrors(*PP);
}

void MissingCowCheck::registerMatchers(MatchFinder *Finder) {
  trackErrorContext(*Finder);
  // `T copy = source;` (cases 1 and 3) and `auto y = x.clone();` (case 2).
  Finder->addMatcher(localCopyDecl(DeclId, CopyId, SourceId), this);
  Finder->addMatcher(localTensorCloneDecl(DeclId, CopyId, CloneId), this);

  // Every loop (cases 4 and 5): its lambdas and getter calls are found when
  // a loop in the user's code is analyzed, not by a descendant matcher per
  // loop, which costs as much again as the parse on header-heavy files.
  addLoopMatchers(*Finder, this, LoopId);
}

void MissingCowCheck::onEndOfTranslationUnit() {
  Deferred.replay(UserCode,
                  [&](const MatchFinder::MatchResult &R) { analyze(R); });
  ReportedGetters.clear();
  Hot.reset();
  References.reset();
}

bool MissingCowCheck::isExpensive(QualType T, const ASTContext &Ctx) {
  return Costs.classify(T, Ctx) == CopyCost::Expensive;
}

void MissingCowCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>(LoopId);
  if (!Loop || UserCode.isUserCode(Loop->getBeginLoc(), *Result.SourceManager))
    Deferred.add(Result);
}

void MissingCowCheck::analyze(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  if (inBrokenCode(Result.Nodes, Context))
    return;
  const SourceManager &SM = *Result.SourceManager;
  const auto *Copy = Result.Nodes.getNodeAs<VarDecl>(CopyId);
  if (Copy && !UserCode.isUserCode(Copy->getLocation(), SM))
    return;
  if (const auto *Clone = Result.Nodes.getNodeAs<CXXMemberCallExpr>(CloneId)) {
    checkClone(*Copy, *Result.Nodes.getNodeAs<DeclStmt>(DeclId), *Clone,
               Context);
    return;
  }
  if (Copy) {
    if (Copy->isCXXForRangeDecl() || Copy->isImplicit())
      return;
    checkCopy(*Copy, *Result.Nodes.getNodeAs<DeclStmt>(DeclId),
              *Result.Nodes.getNodeAs<Expr>(SourceId), Context);
    return;
  }
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>(LoopId);
  if (!Loop || !UserCode.isUserCode(Loop->getBeginLoc(), SM))
    return;
  // Lambdas created in the loop that capture a variable (case 4), and calls
  // of const, argument-less, non-virtual methods returning a class by value
  // (case 5), nested loops included.
  struct Candidates : RecursiveASTVisitor<Candidates> {
    llvm::SmallVector<const LambdaExpr *, 4> Lambdas;
    llvm::SmallVector<const CXXMemberCallExpr *, 8> Getters;
    bool VisitLambdaExpr(LambdaExpr *L) {
      if (llvm::any_of(L->captures(), [](const LambdaCapture &C) {
            return C.capturesVariable() && isa<VarDecl>(C.getCapturedVar());
          }))
        Lambdas.push_back(L);
      return true;
    }
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
      const CXXMethodDecl *MD = Call->getMethodDecl();
      if (Call->getNumArgs() == 0 && MD && MD->isConst() && MD->getNumParams() == 0 &&
          !MD->isVirtual() && MD->getReturnType().getCanonicalType()->isRecordType())
        Getters.push_back(Call);
      return true;
    }
  } Found;
  Found.TraverseStmt(const_cast<Stmt *>(Loop));
  for (const LambdaExpr *Lambda : Found.Lambdas)
    checkLambda(*Lambda, *Loop, Context);
  for (const CXXMemberCallExpr *Call : Found.Getters)
    checkGetterCall(*Call, *Loop, Context);
}

//===--- cases 1 and 3: copies of an object, then a few writes -------------===//

void MissingCowCheck::checkCopy(const VarDecl &Copy, const DeclStmt &Decl,
                                const Expr &Source, ASTContext &Ctx) {
  if (isOutOfAnalysisScope(Copy) || !isExpensive(Copy.getType(), Ctx))
    return;
  const Stmt *Body = enclosingFunctionBody(Copy);
  if (!Body)
    return;
  const VarDecl *Root = rootVariableThroughElements(&Source);
  const ValueDecl *Shared = Root ? nullptr : sharedBase(&Source);
  if ((!Root && !Shared) || Root == &Copy)
    return;
  const ReferenceIndex::Entry &Index = References.of(*Body);
  // Nothing after the copy's last use matters (a write or an escape of the
  // copy is a use): the questions below cost what that range costs.
  llvm::SmallVector<const Stmt *, 8> Live =
      liveRangeUntilLastReference(Decl, Index.refsTo(Copy), Ctx);
  // Snapshot semantics: when the source changes while the copy lives, the
  // copy is what keeps the old value.
  if (Root && (firstWriteIn(*Root, Live, Ctx) || Index.CapturedByRef.count(Root)))
    return;

  llvm::SmallVector<const Stmt *, 4> Sites;
  auto Writes = [&](const Stmt &S) { return findWrite(Copy, S, Ctx); };
  WriteShape Shape = classifyRange(Live, Writes, Sites);
  // Never written: sysopt-redundant-copy's finding, never ours.
  if (Shape == WriteShape::None || Shape == WriteShape::Unsure)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  std::string SourceText = sourceText(Source, Ctx);
  if (SourceText.empty()) // spelled in a macro
    SourceText = Root ? Root->getNameAsString() : Shared->getNameAsString();

  if (Shape == WriteShape::Some) {
    // Case 1. The copy must stay local: an escaping copy is an owned value
    // on every path.
    if (!Root || firstEscapeIn(Copy, Live, Ctx))
      return;
    if (llvm::all_of(Sites, [&](const Stmt *W) {
          return isWholeAssignment(W, Copy, Ctx);
        }))
      return;
    std::vector<FixItHint> Fixes;
    // Every use in one branch of one `if`: declare the copy there.
    const CompoundStmt *Branch = nullptr;
    const IfStmt *BranchIf = nullptr;
    size_t Uses = 0, UsesInBranch = 0, Holders = 0;
    for (const Stmt *S : Live) {
      size_t N = referencesTo(Copy, *S, Ctx).size();
      if (!N)
        continue;
      Uses += N;
      ++Holders;
      const auto *If = dyn_cast<IfStmt>(S);
      if (!If || If->getInit() || If->getConditionVariable())
        continue;
      for (const Stmt *B : {If->getThen(), If->getElse()}) {
        const auto *CS = dyn_cast_or_null<CompoundStmt>(B);
        if (CS && !CS->body_empty() &&
            referencesTo(Copy, *CS, Ctx).size() == N) {
          Branch = CS;
          BranchIf = If;
          UsesInBranch = N;
        }
      }
    }
    if (Holders != 1)
      Branch = nullptr;
    // Copied later, the copy must still get the source's value of now:
    // nothing before the branch (the condition included) may write the
    // source through another name.
    std::optional<SideEffects::Change> Change;
    if (Branch) {
      llvm::SmallVector<const Stmt *, 8> Before;
      for (const Stmt *S : Live) {
        if (S == BranchIf)
          break;
        Before.push_back(S);
      }
      Before.push_back(BranchIf->getCond());
      Change = SideEffects(Ctx).firstChangingSource(*Root, Source.getType(), Before);
    }
    // No fix for a copy spelled through a macro, nor across a directive.
    if (Branch && !Change && UsesInBranch == Uses && Decl.getBeginLoc().isFileID() &&
        Copy.getLocation().isFileID() &&
        !hasDirectiveBetween(Decl.getBeginLoc(), Branch->body_front()->getBeginLoc(),
                             Ctx)) {
      CharSourceRange DeclText = fileRange(Decl.getSourceRange(), Ctx);
      std::vector<FixItHint> Removal = removeStatement(Decl, Ctx);
      llvm::StringRef Text =
          DeclText.isValid()
              ? Lexer::getSourceText(DeclText, SM, Ctx.getLangOpts())
              : llvm::StringRef();
      SourceLocation First = Branch->body_front()->getBeginLoc();
      if (!Removal.empty() && Text.ends_with(";") &&
          isPlainFileRange(Branch->getSourceRange(), SM) && First.isFileID()) {
        Fixes.push_back(FixItHint::CreateInsertion(
            First, Text.str() + "\n" + indentationAt(First, SM)));
        for (FixItHint &H : Removal)
          Fixes.push_back(std::move(H));
      }
    }
    std::optional<HotPathFilter::Where> Where = hotWhere(Decl, &Copy, Ctx);
    if (!Where)
      return;
    diag(Copy.getLocation(),
         withTag("%0 is a deep copy of '%1' that is written only on some "
                 "paths; copy it on the path that writes it (copy-on-write)",
                 DeferTag))
        << &Copy << SourceText << SourceRange(Copy.getLocation()) << Fixes;
    for (const Stmt *W : llvm::ArrayRef(Sites).take_front(3))
      diag(SM.getExpansionLoc(W->getBeginLoc()), "written here, on one path",
           DiagnosticIDs::Note);
    if (Change) {
      auto [At, Why] = SideEffects::noFixNote(*Change, SM);
      diag(At, Why, DiagnosticIDs::Note);
    } else if (Fixes.empty()) {
      diag(Copy.getLocation(),
           "read through 'const %0 &' bound to '%1' instead, and make an "
           "owned copy only on the path that writes",
           DiagnosticIDs::Note)
          << Copy.getType().getUnqualifiedType().getAsString(
                 Ctx.getPrintingPolicy())
          << SourceText;
    }
    noteWhere(*Where, SM);
    return;
  }

  // Case 3: written on every path, but only a small part of it, and either
  // forked per iteration and kept, or made per call from a shared base.
  llvm::SmallVector<std::pair<const DeclRefExpr *, const Stmt *>, 4> Edits;
  bool Stored = false;
  for (const Stmt *S : Live)
    for (const DeclRefExpr *Ref : referencesTo(Copy, *S, Ctx)) {
      if (isStoredIntoContainer(Ref, Ctx)) {
        Stored = true;
        continue;
      }
      if (isSmallEdit(Ref, Ctx, Costs)) {
        Edits.push_back({Ref, S});
        continue;
      }
      if (ExprMutationAnalyzer(*S, Ctx).findMutation(Ref))
        return; // a larger write: the copy is really needed
    }
  if (Edits.empty() || Edits.size() > MaxSmallEdits)
    return;
  const Stmt *Loop = enclosingLoop(Decl, Ctx);
  bool Fork = Loop && Stored;
  if (Fork) {
    // Only a fork of something that outlives the iteration.
    if (Root && !Root->getType()->isReferenceType() &&
        isWithin(Root->getLocation(), *Loop, SM))
      return;
  } else {
    if (!Shared || Stored || firstEscapeIn(Copy, Live, Ctx))
      return;
  }
  std::optional<HotPathFilter::Where> Where = hotWhere(Decl, &Copy, Ctx);
  if (!Where)
    return;
  diag(Copy.getLocation(),
       withTag(Fork ? "%0 copies all of '%1' on every iteration to change %2 "
                      "small part(s) before keeping it; share the unchanged "
                      "part (a shared prefix or reference-counted "
                      "copy-on-write blocks) instead of a deep copy per fork"
                    : "%0 copies all of the shared '%1' on every call to "
                      "change %2 small part(s); keep the base shared and "
                      "immutable and overlay the changes (copy-on-write)",
               DeferTag))
      << &Copy << SourceText << static_cast<unsigned>(Edits.size())
      << SourceRange(Copy.getLocation());
  for (const auto &E : Edits)
    diag(SM.getExpansionLoc(E.first->getBeginLoc()), "changed here",
         DiagnosticIDs::Note);
  if (Fork)
    diag(Loop->getBeginLoc(), "in this loop", DiagnosticIDs::Note);
  else
    noteWhere(*Where, SM);
}

//===--- case 2: clone(), then an in-place op on some paths ----------------===//

void MissingCowCheck::checkClone(const VarDecl &Copy, const DeclStmt &Decl,
                                 const CXXMemberCallExpr &Clone,
                                 ASTContext &Ctx) {
  if (isOutOfAnalysisScope(Copy) || !api::isTensorType(Copy.getType()))
    return;
  for (const Expr *Arg : Clone.arguments())
    if (!isa<CXXDefaultArgExpr>(Arg))
      return;
  const Expr *Object = Clone.getImplicitObjectArgument();
  const VarDecl *Root = Object ? rootVariable(Object) : nullptr;
  const Stmt *Body = enclosingFunctionBody(Copy);
  if (!Root || !Body || captureByReference(*Root, *Body))
    return;
  llvm::SmallVector<const Stmt *, 8> Live = liveRangeAfter(Decl, Ctx);
  // Any other tensor written while the clone lives may share storage with
  // the original (a view), which the clone protects from.
  for (const Stmt *S : Live)
    if (!findTensorWriteOrAlias(Copy, *S, Ctx) && findAnyTensorWrite(*S, Ctx))
      return;
  llvm::SmallVector<const Stmt *, 4> Sites;
  auto Writes = [&](const Stmt &S) -> const Stmt * {
    return findTensorWriteOrAlias(Copy, S, Ctx);
  };
  if (classifyRange(Live, Writes, Sites) != WriteShape::Some ||
      firstEscapeIn(Copy, Live, Ctx) || firstWriteIn(Copy, Live, Ctx))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  std::string ObjectText = sourceText(*Object, Ctx);
  if (ObjectText.empty())
    return;

  // `auto y = x.clone(); if (c) y.op_(args);` with nothing else touching y
  // in between: `auto y = (c) ? x.op(args) : x;`.
  std::vector<FixItHint> Fixes;
  std::optional<SideEffects::Change> Change;
  const auto *If = Live.empty() ? nullptr : dyn_cast<IfStmt>(Live.front());
  // The op may build temporaries (a Scalar argument): look through the
  // cleanups around it.
  const auto *OpStmt = If ? dyn_cast_or_null<Expr>(singleStatement(If->getThen())) : nullptr;
  const auto *Op = OpStmt ? dyn_cast<CXXMemberCallExpr>(OpStmt->IgnoreImplicit()) : nullptr;
  if (If && Op && !If->getElse() && !If->getInit() &&
      !If->getConditionVariable() &&
      referencesTo(Copy, *If->getCond(), Ctx).empty()) {
    const CXXMethodDecl *MD = Op->getMethodDecl();
    const auto *Callee = dyn_cast<MemberExpr>(Op->getCallee());
    const auto *Obj = dyn_cast_or_null<DeclRefExpr>(
        Op->getImplicitObjectArgument()->IgnoreParenImpCasts());
    llvm::StringRef Twin =
        MD && MD->getIdentifier() ? outOfPlaceTwin(MD->getName()) : "";
    bool ArgsFree = true;
    for (const Expr *Arg : Op->arguments())
      ArgsFree &= referencesTo(Copy, *Arg, Ctx).empty();
    bool OnlyInIf = true;
    for (const Stmt *S : llvm::ArrayRef(Live).drop_front())
      OnlyInIf &= Writes(*S) == nullptr;
    std::string Cond = sourceText(*If->getCond(), Ctx);
    CharSourceRange Args =
        Op->getNumArgs()
            ? fileRange(SourceRange(Op->getArg(0)->getBeginLoc(),
                                    Op->getArg(Op->getNumArgs() - 1)->getEndLoc()),
                        Ctx)
            : CharSourceRange();
    CharSourceRange InitRange = fileRange(Clone.getSourceRange(), Ctx);
    std::vector<FixItHint> Removal = removeStatement(*If, Ctx);
    // The condition and the arguments now run before the copy is made:
    // they must not write a tensor through a call we cannot see.
    llvm::SmallVector<const Stmt *, 4> Moved = {If->getCond()};
    for (const Expr *Arg : Op->arguments())
      Moved.push_back(Arg);
    Change = SideEffects(Ctx).firstChangingObject(
        *Root, Copy.getType(), Moved,
        dyn_cast_or_null<FunctionDecl>(Copy.getParentFunctionOrMethod()));
    CharSourceRange IfRange = fileRange(If->getSourceRange(), Ctx);
      if (!Change && IfRange.isValid() && !hasDirectiveOrComment(IfRange, Ctx) &&
        !hasDirectiveBetween(Decl.getBeginLoc(), If->getBeginLoc(), Ctx) &&
        !Twin.empty() && Callee && !Callee->isArrow() && Obj &&
        Obj->getDecl() == &Copy && ArgsFree && OnlyInIf && !Cond.empty() &&
        (Op->getNumArgs() == 0 || Args.isValid()) && InitRange.isValid() &&
        !Removal.empty()) {
      std::string ArgText =
          Args.isValid()
              ? Lexer::getSourceText(Args, SM, Ctx.getLangOpts()).str()
              : "";
      Fixes.push_back(FixItHint::CreateReplacement(
          InitRange, "(" + Cond + ") ? " + ObjectText + "." + Twin.str() + "(" +
                         ArgText + ") : " + ObjectText));
      for (FixItHint &H : Removal)
        Fixes.push_back(std::move(H));
    }
  }
  std::optional<HotPathFilter::Where> Where = hotWhere(Decl, &Copy, Ctx);
  if (!Where)
    return;
  diag(Copy.getLocation(),
       withTag("%0 clones '%1' up front but writes it only on some paths; "
               "apply the out-of-place op on the path that needs it and use "
               "'%1' itself elsewhere",
               DeferTag))
      << &Copy << ObjectText << SourceRange(Copy.getLocation()) << Fixes;
  for (const Stmt *W : llvm::ArrayRef(Sites).take_front(3))
    diag(SM.getExpansionLoc(W->getBeginLoc()), "written here, on one path",
         DiagnosticIDs::Note);
  if (Change) {
    auto [At, Why] = SideEffects::noFixNote(*Change, SM);
    diag(At, Why, DiagnosticIDs::Note);
  }
  noteWhere(*Where, SM);
}

//===--- case 4: per-iteration lambdas copying a container they only read --===//

void MissingCowCheck::checkLambda(const LambdaExpr &Lambda, const Stmt &Loop,
                                  ASTContext &Ctx) {
  // The innermost loop only, so that nested loops report a lambda once.
  if (enclosingLoop(Lambda, Ctx) != &Loop || Lambda.isMutable())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const LambdaCapture &C : Lambda.captures()) {
    if (C.getCaptureKind() != LCK_ByCopy || !C.capturesVariable())
      continue;
    const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!Var || Var->getType()->isReferenceType() ||
        isOutOfAnalysisScope(*Var) || !isExpensive(Var->getType(), Ctx) ||
        isWithin(Var->getLocation(), Loop, SM))
      continue;
    const Stmt *Body = enclosingFunctionBody(*Var);
    if (!Body || captureByReference(*Var, *Body))
      continue;
    // The source must stay as it is while the tasks run: no write in the
    // loop, nor after it.
    llvm::SmallVector<const Stmt *, 8> After = liveRangeAfter(Loop, Ctx);
    After.push_back(&Loop);
    if (firstWriteIn(*Var, After, Ctx))
      continue;
    if (!hotWhere(Lambda, nullptr, Ctx))
      return;
    SourceLocation Loc =
        C.getLocation().isValid() ? C.getLocation() : Lambda.getBeginLoc();
    diag(SM.getExpansionLoc(Loc),
         withTag("lambda copies %0 (%1) every time the loop creates it and "
                 "only reads it; share one immutable snapshot "
                 "(std::shared_ptr<const %2>) or capture a const reference "
                 "that outlives the tasks",
                 ShareTag))
        << Var << quotedTypeName(Var->getType(), Ctx)
        << Var->getType().getUnqualifiedType().getAsString(
               Ctx.getPrintingPolicy());
    diag(Loop.getBeginLoc(), "in this loop", DiagnosticIDs::Note);
    return; // one finding per lambda
  }
}

//===--- case 5: getters returning a large member by value, read in loops --===//

void MissingCowCheck::checkGetterCall(const CXXMemberCallExpr &Call,
                                      const Stmt &Loop, ASTContext &Ctx) {
  const CXXMethodDecl *MD = Call.getMethodDecl();
  if (!MD || ReportedGetters.count(MD->getCanonicalDecl()))
    return;
  const FunctionDecl *Def = nullptr;
  if (!MD->hasBody(Def) || isOutOfAnalysisScope(*Def) ||
      !isExpensive(MD->getReturnType(), Ctx))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  if (!UserCode.isUserCode(Def->getLocation(), SM))
    return;
  // The body is `return field_;`.
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  const auto *Ret =
      Body && Body->size() == 1 ? dyn_cast<ReturnStmt>(Body->body_front()) : nullptr;
  const Expr *Value = Ret && Ret->getRetValue()
                          ? Ret->getRetValue()->IgnoreImplicit()
                          : nullptr;
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Value))
    Value = Construct->getNumArgs() == 1 &&
                    Construct->getConstructor()->isCopyConstructor()
                ? Construct->getArg(0)->IgnoreParenImpCasts()
                : nullptr;
  const auto *Member = dyn_cast_or_null<MemberExpr>(Value);
  if (!Member || !isa<FieldDecl>(Member->getMemberDecl()) ||
      !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return;
  // The caller only reads the result.
  const Stmt *Child = nullptr;
  const Stmt *P = semanticParent(&Call, Ctx, &Child);
  bool ReadOnly = false;
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
    // A field, a const method, or a lookup on the temporary.
    if (isa<FieldDecl>(ME->getMemberDecl()))
      ReadOnly = true;
    else if (const auto *M = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
      ReadOnly = M->isConst() ||
                 (M->getIdentifier() &&
                  llvm::is_contained(
                      std::initializer_list<llvm::StringRef>{
                          "at", "begin", "end", "find", "front", "back", "data"},
                      M->getName()));
  } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P)) {
    ReadOnly = Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
               Op->getArg(0)->IgnoreImplicit() == Call.IgnoreImplicit();
  } else if (const auto *Outer = dyn_cast_or_null<CallExpr>(P)) {
    const FunctionDecl *Callee = Outer->getDirectCallee();
    for (unsigned I = 0; Callee && I < Outer->getNumArgs() &&
                         I < Callee->getNumParams();
         ++I)
      if (Outer->getArg(I)->IgnoreImplicit() == Call.IgnoreImplicit() ||
          Outer->getArg(I)->IgnoreParenImpCasts() == &Call) {
        QualType T = Callee->getParamDecl(I)->getType();
        ReadOnly = T->isReferenceType() &&
                   T.getNonReferenceType().isConstQualified();
      }
  } else if (!P && Child) {
    // Initializes a variable: `const auto &v = m.get();` or a copy that
    // is never written nor escapes.
    DynTypedNodeList Parents = Ctx.getParents(*Child);
    const auto *V = Parents.empty() ? nullptr : Parents[0].get<VarDecl>();
    const DeclStmt *DS = nullptr;
    if (V) {
      DynTypedNodeList VarParents = Ctx.getParents(*V);
      DS = VarParents.empty() ? nullptr : VarParents[0].get<DeclStmt>();
    }
    if (V && DS && DS->isSingleDecl()) {
      if (V->getType()->isReferenceType()) {
        ReadOnly = V->getType().getNonReferenceType().isConstQualified();
      } else {
        llvm::SmallVector<const Stmt *, 8> Live = liveRangeAfter(*DS, Ctx);
        ReadOnly =
            !firstWriteIn(*V, Live, Ctx) && !firstEscapeIn(*V, Live, Ctx);
      }
    }
  }
  if (!ReadOnly || !hotWhere(Call, nullptr, Ctx))
    return;
  ReportedGetters.insert(MD->getCanonicalDecl());
  diag(Def->getLocation(),
       withTag("%0 returns %1 by value, and a loop calls it only to read the "
               "result; return a const reference (or a shared immutable "
               "snapshot) instead of a copy per call",
               ShareTag))
      << Def << quotedTypeName(MD->getReturnType(), Ctx)
      << SourceRange(Def->getLocation());
  diag(SM.getExpansionLoc(Call.getExprLoc()), "called here, in a loop; the "
       "copy is only read", DiagnosticIDs::Note);
}

} // namespace sysopt
