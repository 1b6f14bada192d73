#include "sysopt/LoopAnalysis.h"
#include "sysopt/ApiModels.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace sysopt {

void addLoopMatchers(ast_matchers::MatchFinder &Finder,
                     ast_matchers::MatchFinder::MatchCallback *Check,
                     llvm::StringRef LoopId) {
  using namespace ast_matchers;
  // No parent relation here (see DeferredMatches.h): the enclosing function
  // is found when the match is analyzed.
  auto InUserFiles = unless(isExpansionInSystemHeader());
  Finder.addMatcher(forStmt(InUserFiles).bind(LoopId), Check);
  Finder.addMatcher(whileStmt(InUserFiles).bind(LoopId), Check);
  Finder.addMatcher(doStmt(InUserFiles).bind(LoopId), Check);
  Finder.addMatcher(cxxForRangeStmt(InUserFiles).bind(LoopId), Check);
}

const Stmt *loopBody(const Stmt &Loop) {
  if (const auto *F = dyn_cast<ForStmt>(&Loop))
    return F->getBody();
  if (const auto *W = dyn_cast<WhileStmt>(&Loop))
    return W->getBody();
  if (const auto *D = dyn_cast<DoStmt>(&Loop))
    return D->getBody();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(&Loop))
    return R->getBody();
  return nullptr;
}

const Expr *loopCondition(const Stmt &Loop) {
  if (const auto *F = dyn_cast<ForStmt>(&Loop))
    return F->getCond();
  if (const auto *W = dyn_cast<WhileStmt>(&Loop))
    return W->getCond();
  if (const auto *D = dyn_cast<DoStmt>(&Loop))
    return D->getCond();
  return nullptr;
}

namespace {
class LoopCallCollector : public RecursiveASTVisitor<LoopCallCollector> {
public:
  const Stmt *Root = nullptr;
  const ASTContext *Ctx = nullptr;
  llvm::SmallVectorImpl<const CallExpr *> *Out = nullptr;
  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseForStmt(ForStmt *S) { return S != Root || RecursiveASTVisitor::TraverseForStmt(S); }
  bool TraverseWhileStmt(WhileStmt *S) { return S != Root || RecursiveASTVisitor::TraverseWhileStmt(S); }
  bool TraverseDoStmt(DoStmt *S) {
    return (S != Root && !runsAtMostOnce(*S, *Ctx)) ||
           RecursiveASTVisitor::TraverseDoStmt(S);
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    return S != Root || RecursiveASTVisitor::TraverseCXXForRangeStmt(S);
  }
  bool VisitCallExpr(CallExpr *C) {
    Out->push_back(C);
    return true;
  }
  void collect(const Stmt *S, llvm::SmallVectorImpl<const CallExpr *> &Into) {
    Out = &Into;
    TraverseStmt(const_cast<Stmt *>(S));
  }
};
} // namespace

bool runsAtMostOnce(const Stmt &Loop, const ASTContext &Ctx) {
  const Expr *Cond = loopCondition(Loop);
  bool Value = true;
  return Cond && !Cond->isValueDependent() &&
         Cond->EvaluateAsBooleanCondition(Value, Ctx) && !Value;
}

LoopCalls collectLoopCalls(const Stmt &Loop, const ASTContext &Ctx) {
  LoopCalls Calls;
  LoopCallCollector C;
  C.Root = &Loop;
  C.Ctx = &Ctx;
  if (const auto *F = dyn_cast<ForStmt>(&Loop)) {
    C.collect(F->getCond(), Calls.InCondition);
    C.collect(F->getInc(), Calls.Elsewhere);
  } else if (const auto *W = dyn_cast<WhileStmt>(&Loop)) {
    C.collect(W->getCond(), Calls.InCondition);
  } else if (const auto *D = dyn_cast<DoStmt>(&Loop)) {
    C.collect(D->getCond(), Calls.Elsewhere);
  }
  C.collect(loopBody(Loop), Calls.Elsewhere);
  return Calls;
}

LoopInvariance::LoopInvariance(const Stmt &Loop, ASTContext &Ctx)
    : Loop(Loop), Ctx(Ctx),
      Analyzer(std::make_unique<ExprMutationAnalyzer>(Loop, Ctx)) {}
LoopInvariance::~LoopInvariance() = default;

bool LoopInvariance::declaredInside(const Decl *D) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation L = D->getLocation();
  SourceRange R = Loop.getSourceRange();
  return !SM.isBeforeInTranslationUnit(L, R.getBegin()) &&
         !SM.isBeforeInTranslationUnit(R.getEnd(), L);
}

bool LoopInvariance::isUnmodified(const VarDecl *VD) {
  auto [It, Inserted] = Unmodified.try_emplace(VD, false);
  if (!Inserted)
    return It->second;
  bool Ok = !declaredInside(VD) && !VD->getType().isVolatileQualified();
  // Globals and statics may change behind any call: only constants count.
  if (Ok && !VD->hasLocalStorage())
    Ok = VD->getType().isConstQualified() || VD->isConstexpr();
  // A variable the loop only reads cannot change through those reads;
  // neither can a pointee that is const and never cast away.
  bool OnlyRead = uses().onlyRead(*VD);
  // Assigned in the loop: modified, and no need for the mutation analysis
  // (one query over a variable with 1,000 uses took 50 s).
  if (Ok && uses().isAssigned(*VD))
    Ok = false;
  if (Ok && !OnlyRead)
    Ok = !Analyzer->findMutation(VD) || !findWrite(*VD, Loop, Ctx);
  if (Ok && VD->getType()->isPointerType()) {
    bool ConstPointee = VD->getType()->getPointeeType().isConstQualified();
    if (!OnlyRead || !ConstPointee || uses().isCast(*VD))
      Ok = !Analyzer->findPointeeMutation(VD);
    Ok = Ok && !writesThroughPointers();
  }
  if (Ok && VD->getType()->isReferenceType() &&
      !VD->getType().getNonReferenceType().isConstQualified())
    Ok = !writesThroughPointers();
  return Unmodified[VD] = Ok;
}

namespace {
/// The uses of a local struct in a loop, per field: `v.f` read, or anything
/// else done to `v.g`; a use of `v` as a whole counts against every field.
struct FieldUses : RecursiveASTVisitor<FieldUses> {
  const VarDecl &V;
  const FieldDecl &F;
  bool Touched = false; // F or the whole object changed, or may have
  llvm::SmallPtrSet<const DeclRefExpr *, 8> OtherField, ReadOfF;
  FieldUses(const VarDecl &V, const FieldDecl &F) : V(V), F(F) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
    if (C->getCastKind() != CK_LValueToRValue)
      return true;
    if (const auto *ME = dyn_cast<MemberExpr>(C->getSubExpr()->IgnoreParens()))
      if (const auto *D = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts()))
        if (!ME->isArrow() && ME->getMemberDecl() == &F)
          ReadOfF.insert(D);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *ME) {
    if (const auto *D = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts()))
      if (!ME->isArrow() && ME->getMemberDecl() != &F && isa<FieldDecl>(ME->getMemberDecl()))
        OtherField.insert(D);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    if (D->getDecl() == &V && !OtherField.count(D) && !ReadOfF.count(D))
      Touched = true;
    return !Touched;
  }
};
} // namespace

bool LoopInvariance::isFieldOfLocalUnmodified(const MemberExpr &ME) {
  // `v.f` of a local struct (not a union) declared before the loop: the
  // loop may take the address of `v.g` or write it; only `f` matters
  // (cuda-samples' batchCUBLAS reads params.m and passes &params.alpha).
  const auto *D = dyn_cast<DeclRefExpr>(ME.getBase()->IgnoreParenImpCasts());
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  const auto *F = dyn_cast<FieldDecl>(ME.getMemberDecl());
  if (ME.isArrow() || !V || !F || !V->hasLocalStorage() || declaredInside(V) ||
      V->getType()->isReferenceType() || V->getType().isVolatileQualified() ||
      F->getParent()->isUnion() || F->getType()->isPointerType() ||
      F->getType()->isReferenceType() || F->getType()->isArrayType())
    return false;
  FieldUses U(*V, *F);
  U.TraverseStmt(const_cast<Stmt *>(&Loop));
  return !U.Touched;
}

const VariableUses &LoopInvariance::uses() {
  if (!Uses)
    Uses = std::make_unique<VariableUses>(Loop);
  return *Uses;
}

bool LoopInvariance::isUnchangedAfterInit(const VarDecl *VD) {
  return VD && VD->hasLocalStorage() && !VD->isStaticLocal() && VD->hasInit() &&
         !VD->getType()->isReferenceType() && !VD->getType().isVolatileQualified() &&
         declaredInside(VD) && !Analyzer->findMutation(VD);
}

/// `this->F` (implicit or explicit `this`): the field F, else null.
static const FieldDecl *fieldOfThis(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

bool LoopInvariance::isFieldOfThisUnmodified(const FieldDecl *FD) {
  if (!FD || FD->isMutable() || FD->getType().isVolatileQualified())
    return false;
  auto [It, Inserted] = UnmodifiedFields.try_emplace(FD, false);
  if (!Inserted)
    return It->second;
  // Every use of `this` in the loop must be the base of a field access or
  // of a const member call; anything else (an argument, `*this`, a lambda
  // capture, a non-const call) may change any field.
  struct ThisUses : RecursiveASTVisitor<ThisUses> {
    const FieldDecl *FD;
    unsigned AllThis = 0, Accounted = 0;
    bool Escapes = false;
    llvm::SmallVector<const MemberExpr *, 4> Uses;
    bool VisitCXXThisExpr(CXXThisExpr *) {
      ++AllThis;
      return true;
    }
    bool VisitMemberExpr(MemberExpr *ME) {
      if (!isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return true;
      ++Accounted;
      if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
        Escapes |= MD->isInstance() && !MD->isConst();
      else if (ME->getMemberDecl() == FD)
        Uses.push_back(ME);
      return true;
    }
    bool VisitLambdaExpr(LambdaExpr *LE) {
      Escapes |= LE->getLambdaClass() && LE->getLambdaClass()->getLambdaCaptureDefault() != LCD_None;
      for (const LambdaCapture &C : LE->captures())
        Escapes |= C.capturesThis();
      return true;
    }
  } Scan;
  Scan.FD = FD;
  Scan.TraverseStmt(const_cast<Stmt *>(&Loop));
  bool Ok = !Scan.Escapes && Scan.AllThis == Scan.Accounted;
  for (const MemberExpr *Use : Scan.Uses)
    Ok = Ok && !Analyzer->findMutation(Use);
  return UnmodifiedFields[FD] = Ok;
}

/// A member function that is const, or that has a const overload with the
/// same parameters (`T *data()` next to `const T *data() const`): by the
/// convention such pairs follow, an accessor that changes nothing.
static bool isAccessor(const CXXMethodDecl *MD, const ASTContext &Ctx) {
  if (!MD || MD->isVirtual() || !MD->isInstance())
    return false;
  if (MD->isConst())
    return true;
  for (const NamedDecl *ND : MD->getParent()->lookup(MD->getDeclName())) {
    const auto *Other = dyn_cast<CXXMethodDecl>(ND);
    if (!Other || Other == MD || !Other->isConst() ||
        Other->getNumParams() != MD->getNumParams())
      continue;
    bool SameParams = true;
    for (unsigned I = 0; I < MD->getNumParams(); ++I)
      SameParams &= Ctx.hasSameType(MD->getParamDecl(I)->getType(),
                                    Other->getParamDecl(I)->getType());
    if (SameParams)
      return true;
  }
  return false;
}

bool LoopInvariance::isOnlyAccessed(const VarDecl *VD) {
  struct Uses : RecursiveASTVisitor<Uses> {
    const VarDecl *VD;
    const ASTContext *Ctx;
    unsigned All = 0, ThroughAccessors = 0;
    bool VisitDeclRefExpr(DeclRefExpr *DRE) {
      All += DRE->getDecl() == VD;
      return true;
    }
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) {
      const Expr *Object = MC->getImplicitObjectArgument();
      const auto *Obj = Object ? dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()) : nullptr;
      if (Obj && Obj->getDecl() == VD && isAccessor(MC->getMethodDecl(), *Ctx))
        ++ThroughAccessors;
      return true;
    }
  } U;
  U.VD = VD;
  U.Ctx = &Ctx;
  U.TraverseStmt(const_cast<Stmt *>(&Loop));
  return U.All == U.ThroughAccessors;
}

bool LoopInvariance::isSameAddress(const Expr *E) {
  const Expr *Stripped = E->IgnoreParenImpCasts();
  if (const auto *C = dyn_cast<CStyleCastExpr>(Stripped))
    Stripped = C->getSubExpr()->IgnoreParenImpCasts();
  // &x or &x.a.b of a variable declared outside the loop, and functions.
  if (const auto *UO = dyn_cast<UnaryOperator>(Stripped))
    if (UO->getOpcode() == UO_AddrOf) {
      const Expr *Object = UO->getSubExpr()->IgnoreParens();
      while (const auto *ME = dyn_cast<MemberExpr>(Object)) {
        if (ME->isArrow())
          break;
        Object = ME->getBase()->IgnoreParenImpCasts();
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Object))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          return !VD->getType()->isReferenceType() && !declaredInside(VD);
    }
  // An invariant offset from a fixed address: `out + row * dim`.
  if (const auto *BO = dyn_cast<BinaryOperator>(Stripped);
      BO && BO->isAdditiveOp() && BO->getLHS()->getType()->isPointerType())
    return isSameAddress(BO->getLHS()) && isInvariant(BO->getRHS());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Stripped))
    if (isa<FunctionDecl>(DRE->getDecl()))
      return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Stripped))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getType()->isPointerType() || VD->getType()->isArrayType()) {
        // Asked once per variable: a loop of 1,000 launches on `x + i * n`
        // asks about `x` 1,000 times.
        auto [It, New] = AddressStays.try_emplace(VD, false);
        if (New)
          It->second = !declaredInside(VD) && !VD->getType().isVolatileQualified() &&
                       (VD->hasLocalStorage() || VD->getType().isConstQualified()) &&
                       // Only reads (one walk for all variables), else ask
                       // the mutation analysis, whose cost grows with the
                       // uses times the loop.
                       (uses().onlyRead(*VD) ||
                        (!uses().isAssigned(*VD) && !Analyzer->findMutation(VD)));
        return It->second;
      }
  if (const FieldDecl *FD = fieldOfThis(Stripped))
    if (FD->getType()->isPointerType() || FD->getType()->isArrayType())
      return isFieldOfThisUnmodified(FD);
  // `buf.data()` of a local object the loop uses only through accessors:
  // the storage may be written, its address stays.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Stripped))
    if (MC->getType()->isPointerType() && isAccessor(MC->getMethodDecl(), Ctx) &&
        MC->getImplicitObjectArgument())
      if (const auto *Obj = dyn_cast<DeclRefExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(Obj->getDecl()))
          if (VD->hasLocalStorage() && !VD->getType()->isPointerType() &&
              !declaredInside(VD) &&
              llvm::all_of(MC->arguments(), [&](const Expr *A) { return isInvariant(A); }))
            return isOnlyAccessed(VD);
  return isInvariant(E);
}

static bool isReadOnlyFunction(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (FD->hasAttr<PureAttr>() || FD->hasAttr<ConstAttr>() ||
      FD->getBuiltinID() != 0)
    return true;
  api::RepeatedCallKind K = api::classifyRepeatedCall(FD);
  return K == api::RepeatedCallKind::PureQuery ||
         K == api::RepeatedCallKind::EnvQuery;
}

bool LoopInvariance::isInvariant(const Expr *E) {
  if (!E)
    return true;
  E = E->IgnoreParenImpCasts();
  if (E->isValueDependent() || E->isTypeDependent())
    return false;
  if (isa<IntegerLiteral, FloatingLiteral, StringLiteral, CharacterLiteral,
          CXXBoolLiteralExpr, CXXNullPtrLiteralExpr, UnaryExprOrTypeTraitExpr,
          CXXDefaultArgExpr, ImplicitValueInitExpr>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(DRE->getDecl()))
      return true;
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD && isUnmodified(VD);
  }
  if (const FieldDecl *FD = fieldOfThis(E))
    // A pointer field: as for pointer variables, the memory behind it must
    // not change either.
    return isFieldOfThisUnmodified(FD) &&
           !(FD->getType()->isPointerType() && writesThroughPointers());
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(ME->getMemberDecl()))
      return false;
    if (isInvariant(ME->getBase()))
      return true;
    return isFieldOfLocalUnmodified(*ME);
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf ||
        UO->getOpcode() == UO_Deref)
      return false;
    return isInvariant(UO->getSubExpr());
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && isInvariant(BO->getLHS()) &&
           isInvariant(BO->getRHS());
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return isInvariant(CO->getCond()) && isInvariant(CO->getTrueExpr()) &&
           isInvariant(CO->getFalseExpr());
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    // An element of an invariant array or pointer: the memory behind it must
    // not change either.
    return isInvariant(AS->getBase()) && isInvariant(AS->getIdx()) &&
           !writesThroughPointers();
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return isInvariant(MT->getSubExpr());
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
    return isInvariant(BT->getSubExpr());
  if (const auto *EC = dyn_cast<ExprWithCleanups>(E))
    return isInvariant(EC->getSubExpr());
  if (const auto *FC = dyn_cast<ExplicitCastExpr>(E))
    return isInvariant(FC->getSubExpr());
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    for (const Expr *Init : IL->inits())
      if (!isInvariant(Init))
        return false;
    return true;
  }
  if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(E))
    return isInvariant(SIL->getSubExpr());
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    for (const Expr *Arg : CE->arguments())
      if (!isInvariant(Arg))
        return false;
    return true;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // Const member functions of an invariant object, e.g. s.c_str().
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->isConst() || MD->isVirtual())
      return false;
    for (const Expr *Arg : MC->arguments())
      if (!isInvariant(Arg))
        return false;
    const Expr *Object = MC->getImplicitObjectArgument();
    return Object && isInvariant(Object);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    // Operators of the standard library (string concatenation) and read-only
    // functions are invariant when their operands are.
    bool Known = isReadOnlyFunction(FD) ||
                 api::classifyRepeatedCall(FD) ==
                     api::RepeatedCallKind::TensorFactory ||
                 (isa<CXXOperatorCallExpr>(Call) && FD && FD->isInStdNamespace() &&
                  !cast<CXXOperatorCallExpr>(Call)->isAssignmentOp());
    if (!Known)
      return false;
    for (const Expr *Arg : Call->arguments())
      if (!isInvariant(Arg))
        return false;
    return true;
  }
  return false;
}

/// Whether every use of the pointer parameter `P` in the body of `Fn` hands
/// it (or an offset of it) to device work: a kernel launch or a GPU call of
/// the API table, or to a function of this translation unit that does the
/// same (up to `Depth` more levels), or only compares it. The host then
/// writes nothing through it: the device does, in stream order.
static bool onlyReachesDevice(const ParmVarDecl &P, const FunctionDecl &Fn,
                              unsigned Depth);

namespace {
struct DeviceOnlyUses : RecursiveASTVisitor<DeviceOnlyUses> {
  unsigned Depth;
  bool Ok = true;
  llvm::SmallPtrSet<const DeclRefExpr *, 8> Handed;
  /// The parameter and the local pointers initialised from it
  /// (`float *row = dst + i * n;`), whose uses count as its own.
  llvm::SmallPtrSet<const VarDecl *, 4> Names;
  DeviceOnlyUses(const ParmVarDecl &P, unsigned Depth) : Depth(Depth) { Names.insert(&P); }
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitVarDecl(VarDecl *V) {
    if (V->getInit() && V->getType()->isPointerType())
      if (const DeclRefExpr *Ref = refUnder(V->getInit())) {
        Handed.insert(Ref);
        Names.insert(V);
      }
    return true;
  }

  /// The reference to P under `E`: P, P + n, &P[n], casts of those.
  const DeclRefExpr *refUnder(const Expr *E) {
    for (;;) {
      E = E->IgnoreParenImpCasts();
      if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
        E = C->getSubExpr();
      else if (const auto *BO = dyn_cast<BinaryOperator>(E);
               BO && BO->isAdditiveOp() && BO->getLHS()->getType()->isPointerType())
        E = BO->getLHS();
      else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_AddrOf && isa<ArraySubscriptExpr>(UO->getSubExpr()->IgnoreParens()))
        E = cast<ArraySubscriptExpr>(UO->getSubExpr()->IgnoreParens())->getBase();
      else
        break;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return V && Names.count(V) ? DRE : nullptr;
  }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *Callee = C->getDirectCallee();
    bool Device = isa<CUDAKernelCallExpr>(C) || api::isBatchableRole(api::roleOf(Callee));
    for (unsigned I = 0; I < C->getNumArgs(); ++I) {
      const DeclRefExpr *Ref = refUnder(C->getArg(I));
      if (!Ref)
        continue;
      const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
      if (Device ||
          (Depth > 0 && Def && I < Def->getNumParams() &&
           !Def->getASTContext().getSourceManager().isInSystemHeader(Def->getLocation()) &&
           onlyReachesDevice(*Def->getParamDecl(I), *Def, Depth - 1)))
        Handed.insert(Ref);
    }
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isComparisonOp())
      for (const Expr *Side : {BO->getLHS(), BO->getRHS()})
        if (const DeclRefExpr *Ref = refUnder(Side))
          Handed.insert(Ref);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    // Parents are visited first: a use that none of them claimed.
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (V && Names.count(V) && !Handed.count(D))
      Ok = false;
    return Ok;
  }
};
} // namespace

bool parameterOnlyReachesDevice(const ParmVarDecl &P, const FunctionDecl &Fn,
                                unsigned Depth) {
  return onlyReachesDevice(P, Fn, Depth);
}

static bool onlyReachesDevice(const ParmVarDecl &P, const FunctionDecl &Fn,
                              unsigned Depth) {
  const Stmt *Body = Fn.getBody();
  if (!Body || Fn.isDependentContext() || !P.getType()->isPointerType())
    return false;
  DeviceOnlyUses U(P, Depth);
  U.TraverseStmt(const_cast<Stmt *>(Body));
  return U.Ok;
}

namespace {
class LoopScanner : public RecursiveASTVisitor<LoopScanner> {
public:
  bool PointerWrites = false, Opaque = false;
  static bool isLocalScalar(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType();
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && !isLocalScalar(BO->getLHS()))
      PointerWrites = true;
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp() && !isLocalScalar(UO->getSubExpr()))
      PointerWrites = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (!MD || !MD->isConst())
        PointerWrites = true;
      if (!MD || MD->isVirtual())
        Opaque = true;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      if (Op->isAssignmentOp() || Op->getOperator() == OO_PlusPlus ||
          Op->getOperator() == OO_MinusMinus)
        PointerWrites = true;
    if (!FD) {
      Opaque = true;
      return true;
    }
    if (!isReadOnlyFunction(FD) && !FD->hasBody())
      Opaque = true;
    // Transfers, GEMMs and collectives write the data buffers they are
    // handed (the mutation analysis still sees a variable passed to them);
    // they do not write the host objects that hold streams, handles and
    // sizes.
    if (api::classifyBatchable(FD) != api::BatchableKind::None)
      return true;
    const FunctionDecl *Def = FD->getDefinition();
    for (unsigned I = 0; I < Call->getNumArgs() && I < FD->getNumParams(); ++I) {
      QualType PT = FD->getParamDecl(I)->getType();
      if ((PT->isPointerType() || PT->isReferenceType()) &&
          !PT->getPointeeType().isConstQualified() &&
          // Opaque handles (cudaStream_t, cublasHandle_t) point to
          // incomplete types: nothing to write through.
          !(PT->isPointerType() && PT->getPointeeType()->isIncompleteType()) &&
          // A helper that only launches kernels on the buffer.
          !(Def && I < Def->getNumParams() &&
            onlyReachesDevice(*Def->getParamDecl(I), *Def, /*Depth=*/1)))
        PointerWrites = true;
    }
    return true;
  }
};
} // namespace

bool LoopInvariance::writesThroughPointers() {
  if (!PointerWrites) {
    LoopScanner S;
    S.TraverseStmt(const_cast<Stmt *>(&Loop));
    PointerWrites = S.PointerWrites;
    OpaqueCalls = S.Opaque;
  }
  return *PointerWrites;
}

bool LoopInvariance::callsOpaqueFunctions() {
  writesThroughPointers();
  return *OpaqueCalls;
}

static std::optional<llvm::APSInt> constantOf(const Expr *E,
                                              const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt();
}

bool LoopInvariance::runsAtLeastOnce() {
  if (isa<DoStmt>(&Loop))
    return true;
  const Expr *Cond = loopCondition(Loop);
  if (const auto *W = dyn_cast<WhileStmt>(&Loop)) {
    std::optional<llvm::APSInt> C = constantOf(W->getCond(), Ctx);
    return C && C->getBoolValue();
  }
  const auto *F = dyn_cast<ForStmt>(&Loop);
  if (!F)
    return false;
  if (!Cond)
    return true; // for (;;)
  const auto *Init = dyn_cast_or_null<DeclStmt>(F->getInit());
  const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParenImpCasts());
  if (!Init || !Init->isSingleDecl() || !BO)
    return false;
  const auto *Var = dyn_cast<VarDecl>(Init->getSingleDecl());
  if (!Var || !Var->getInit())
    return false;
  std::optional<llvm::APSInt> Start = constantOf(Var->getInit(), Ctx);
  const auto *LHS = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
  std::optional<llvm::APSInt> End = constantOf(BO->getRHS(), Ctx);
  if (!Start || !End || !LHS || LHS->getDecl() != Var)
    return false;
  int64_t S = Start->getExtValue(), E = End->getExtValue();
  switch (BO->getOpcode()) {
  case BO_LT:
  case BO_NE:
    return S < E;
  case BO_LE:
    return S <= E;
  case BO_GT:
    return S > E;
  case BO_GE:
    return S >= E;
  default:
    return false;
  }
}

namespace {
/// The variable a step expression steps, or nullptr: `++v`, `v--`,
/// `v += e`, `v -= e`.
const DeclRefExpr *steppedBy(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp())
    return dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParens());
  if (const auto *C = dyn_cast<CompoundAssignOperator>(E);
      C && (C->getOpcode() == BO_AddAssign || C->getOpcode() == BO_SubAssign))
    return dyn_cast<DeclRefExpr>(C->getLHS()->IgnoreParens());
  return nullptr;
}

} // namespace

llvm::SmallVector<const VarDecl *, 2> inductionVariables(const Stmt &Loop, ASTContext &Ctx) {
  // The step statements: the for increment (a comma list) and the body's
  // top-level expression statements.
  llvm::SmallVector<const Expr *, 4> StepExprs;
  if (const auto *F = dyn_cast<ForStmt>(&Loop)) {
    llvm::SmallVector<const Expr *, 4> Work;
    if (F->getInc())
      Work.push_back(F->getInc());
    while (!Work.empty()) {
      const Expr *E = Work.pop_back_val()->IgnoreParens();
      if (const auto *Comma = dyn_cast<BinaryOperator>(E); Comma && Comma->getOpcode() == BO_Comma) {
        Work.push_back(Comma->getLHS());
        Work.push_back(Comma->getRHS());
      } else {
        StepExprs.push_back(E);
      }
    }
  }
  if (const auto *Body = dyn_cast_or_null<CompoundStmt>(loopBody(Loop)))
    for (const Stmt *S : Body->body())
      if (const auto *E = dyn_cast<Expr>(S))
        StepExprs.push_back(E);
  const auto *OwnInit = isa<ForStmt>(&Loop) ? cast<ForStmt>(&Loop)->getInit() : nullptr;
  llvm::SmallVector<const VarDecl *, 2> Result;
  LoopInvariance Inv(Loop, Ctx);
  for (const Expr *E : StepExprs) {
    const DeclRefExpr *Ref = steppedBy(E);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType() ||
        !(V->getType()->isIntegerType() || V->getType()->isPointerType()) ||
        V->getType().isVolatileQualified() || llvm::is_contained(Result, V) ||
        (OwnInit && isa<DeclStmt>(OwnInit) &&
         llvm::is_contained(cast<DeclStmt>(OwnInit)->decls(), V)))
      continue;
    if (const auto *C = dyn_cast<CompoundAssignOperator>(E->IgnoreParenImpCasts());
        C && !Inv.isInvariant(C->getRHS()))
      continue;
    // Exactly this one step in the loop; every other use a read.
    llvm::SmallPtrSet<const DeclRefExpr *, 1> Step = {Ref};
    if (onlyReadsExcept(*V, Loop, Step, /*DecayIsRead=*/true))
      Result.push_back(V);
  }
  return Result;
}

} // namespace sysopt
