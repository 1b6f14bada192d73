//===- SideEffects.cpp - what a piece of code may write behind our back ---===//
#include "sysopt/SideEffects.h"
#include "sysopt/ApiModels.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace sysopt {

namespace {

/// Types whose lvalues may alias any object.
bool isAnyAlias(QualType T) {
  if (T.isNull())
    return true;
  T = T.getCanonicalType().getUnqualifiedType();
  if (T->isVoidType() || T->isCharType() || T->isDependentType() ||
      T->isIncompleteType())
    return true;
  if (const auto *ET = T->getAs<EnumType>())
    if (const EnumDecl *ED = ET->getDecl())
      if (ED->isInStdNamespace() && ED->getIdentifier() && ED->getName() == "byte")
        return true;
  return false;
}

/// The types an object of type `T` is made of (itself included): fields,
/// bases, array elements, template arguments, and what pointer members
/// point to (a deep-copying class owns it).
void collectParts(QualType T, llvm::SmallPtrSetImpl<const Type *> &Out,
                  unsigned Budget = 6) {
  if (T.isNull())
    return;
  T = T.getCanonicalType().getUnqualifiedType();
  if (!Out.insert(T.getTypePtr()).second || Budget == 0)
    return;
  if (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    return collectParts(AT->getElementType(), Out, Budget - 1);
  if (T->isPointerType() || T->isReferenceType())
    return collectParts(T->getPointeeType(), Out, Budget - 1);
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
      if (Arg.getKind() == TemplateArgument::Type)
        collectParts(Arg.getAsType(), Out, Budget - 1);
      else if (Arg.getKind() == TemplateArgument::Pack)
        for (const TemplateArgument &P : Arg.pack_elements())
          if (P.getKind() == TemplateArgument::Type)
            collectParts(P.getAsType(), Out, Budget - 1);
    }
  if (!RD->hasDefinition())
    return;
  RD = RD->getDefinition();
  for (const CXXBaseSpecifier &B : RD->bases())
    collectParts(B.getType(), Out, Budget - 1);
  for (const FieldDecl *F : RD->fields())
    collectParts(F->getType(), Out, Budget - 1);
}

bool isSystem(const Decl &D, const SourceManager &SM) {
  return SM.isInSystemHeader(SM.getExpansionLoc(D.getLocation())) ||
         D.isInStdNamespace();
}

/// Where a written lvalue lives.
struct Target {
  enum KindT { None, Local, Param, This, Outside } Kind = None;
  int Index = 0; // Param
  const ValueDecl *Through = nullptr;
  QualType Type;
};

bool isStdContainerAccessor(const CXXMethodDecl *MD) {
  if (!MD || !MD->getParent()->isInStdNamespace())
    return false;
  if (MD->getOverloadedOperator() == OO_Subscript)
    return true;
  if (!MD->getIdentifier())
    return false;
  llvm::StringRef N = MD->getName();
  return N == "at" || N == "front" || N == "back" || N == "data" || N == "c_str" ||
         N == "begin" || N == "end" || N == "rbegin" || N == "rend";
}

} // namespace

bool mayAlias(QualType Written, QualType Object, ASTContext &Ctx) {
  if (isAnyAlias(Written) || Object.isNull() || Object->isDependentType())
    return true;
  llvm::SmallPtrSet<const Type *, 16> WrittenParts, ObjectParts;
  collectParts(Written, WrittenParts);
  collectParts(Object, ObjectParts);
  const Type *W = Written.getCanonicalType().getUnqualifiedType().getTypePtr();
  const Type *O = Object.getCanonicalType().getUnqualifiedType().getTypePtr();
  return WrittenParts.count(O) || ObjectParts.count(W);
}

/// Collects the effects of a scope. In a summary (`Summary` set) targets are
/// recorded relative to the callee's parameters; in a scope they become
/// Effects.
class EffectCollector : public RecursiveASTVisitor<EffectCollector> {
public:
  EffectCollector(SideEffects &SE, const FunctionDecl *Fn, unsigned Level,
                  SideEffects::Summary *Sum)
      : SE(SE), SM(SE.Ctx.getSourceManager()), Fn(Fn),
        Level(Level), Sum(Sum) {}

  bool shouldVisitLambdaBody() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  llvm::SmallVector<Effect, 4> Effects;

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      record(lvalueTarget(BO->getLHS()), BO);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      record(lvalueTarget(UO->getSubExpr()), UO);
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    record(pointeeTarget(E->getArgument()), E);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    const CXXConstructorDecl *Ctor = E->getConstructor();
    if (!Ctor || Ctor->isTrivial())
      return true;
    visitCall(E, Ctor, llvm::ArrayRef(E->getArgs(), E->getNumArgs()), nullptr);
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD) {
      unknown(Call, nullptr);
      return true;
    }
    llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
    // A kernel runs on the device: what it can write on the host's side of
    // the program is what its pointer arguments point to (its own globals
    // are device memory).
    if (isa<CUDAKernelCallExpr>(Call)) {
      for (const Expr *A : Args)
        if (A->getType()->isPointerType() &&
            !A->getType()->getPointeeType().isConstQualified())
          record(pointeeTarget(A), Call, FD);
      return true;
    }
    const Expr *Object = nullptr;
    bool ObjectIsPointer = false;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      Object = MC->getImplicitObjectArgument();
      if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
        ObjectIsPointer = ME->isArrow();
      if (!Object) {
        unknown(Call, FD);
        return true;
      }
    } else if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(FD) &&
               !cast<CXXMethodDecl>(FD)->isStatic() && !Args.empty()) {
      Object = Args.front();
      Args = Args.drop_front();
    }
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
      // A virtual call that the static type does not pin down.
      if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
          !MD->getParent()->hasAttr<FinalAttr>()) {
        unknown(Call, FD);
        return true;
      }
    }
    visitCall(Call, FD, Args, Object, ObjectIsPointer);
    return true;
  }

private:
  void unknown(const Stmt *Site, const FunctionDecl *Callee) {
    whole(Effect::Unknown, Site, Callee);
  }
  void environment(const Stmt *Site, const FunctionDecl *Callee) {
    whole(Effect::Environment, Site, Callee);
  }
  // An effect with no target: a summary keeps only the flag.
  void whole(Effect::KindT Kind, const Stmt *Site,
             const FunctionDecl *Callee) {
    if (Sum) {
      (Kind == Effect::Unknown ? Sum->Unknown : Sum->Environment) = true;
      return;
    }
    Effect E;
    E.Kind = Kind;
    E.Site = Site;
    E.Callee = Callee;
    Effects.push_back(E);
  }

  void record(const Target &T, const Stmt *Site, const FunctionDecl *Callee = nullptr) {
    switch (T.Kind) {
    case Target::None:
    case Target::Local:
      return;
    case Target::Param:
      if (Sum) {
        Sum->Params.push_back({T.Index, T.Type});
        return;
      }
      break;
    case Target::This:
      if (Sum) {
        Sum->Params.push_back({-1, T.Type});
        return;
      }
      break;
    case Target::Outside:
      if (Sum) {
        Sum->Outside.push_back(T.Type);
        return;
      }
      break;
    }
    Effect E;
    E.Kind = Effect::Typed;
    E.Site = Site;
    E.Callee = Callee;
    E.Through = T.Through;
    E.Type = T.Type;
    Effects.push_back(E);
  }

  Target paramTarget(const VarDecl *V, QualType Written) {
    Target T;
    T.Through = V;
    T.Type = Written;
    const auto *P = dyn_cast<ParmVarDecl>(V);
    if (P && Fn && P->getDeclContext() == Fn) {
      T.Kind = Target::Param;
      T.Index = P->getFunctionScopeIndex();
    } else {
      T.Kind = Target::Outside;
    }
    return T;
  }

  /// Where the object that the lvalue `E` designates lives.
  Target lvalueTarget(const Expr *E) {
    QualType Written = E->getType();
    E = E->IgnoreParenImpCasts();
    while (true) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
        const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
        Target T;
        T.Type = Written;
        T.Through = DRE->getDecl();
        if (!V) {
          T.Kind = Target::Outside;
          return T;
        }
        if (V->getType()->isReferenceType())
          return paramTarget(V, Written);
        if (V->hasLocalStorage() && !V->isStaticLocal()) {
          T.Kind = Target::Local;
          return T;
        }
        T.Kind = Target::Outside;
        return T;
      }
      if (const auto *ME = dyn_cast<MemberExpr>(E)) {
        if (ME->isArrow()) {
          Target T = pointeeTarget(ME->getBase());
          T.Type = Written;
          if (T.Kind == Target::This || T.Kind == Target::Outside)
            T.Through = ME->getMemberDecl();
          return T;
        }
        E = ME->getBase()->IgnoreParenImpCasts();
        continue;
      }
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
        if (Base->getType()->isArrayType()) {
          E = Base;
          continue;
        }
        Target T = pointeeTarget(AS->getBase());
        T.Type = Written;
        return T;
      }
      if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
        if (UO->getOpcode() == UO_Deref) {
          Target T = pointeeTarget(UO->getSubExpr());
          T.Type = Written;
          return T;
        }
      }
      if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E)) {
        const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
        if (isStdContainerAccessor(MD) && Call->getNumArgs()) {
          E = Call->getArg(0)->IgnoreParenImpCasts();
          continue;
        }
      }
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
        if (isStdContainerAccessor(MC->getMethodDecl()) &&
            MC->getImplicitObjectArgument()) {
          const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
          if (ME && ME->isArrow()) {
            Target T = pointeeTarget(ME->getBase());
            T.Type = Written;
            return T;
          }
          E = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
          continue;
        }
      }
      if (isa<CXXThisExpr>(E)) { // `*this` as an object
        Target T;
        T.Kind = Target::This;
        T.Type = Written;
        return T;
      }
      if (E->isPRValue() || isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr>(E)) {
        Target T; // a temporary: nobody else sees it
        T.Kind = Target::Local;
        return T;
      }
      Target T;
      T.Kind = Target::Outside;
      T.Type = Written;
      return T;
    }
  }

  /// Where the object a pointer-valued (or iterator-valued) expression
  /// points to lives.
  Target pointeeTarget(const Expr *P) {
    QualType PT = P->getType();
    QualType Pointee = PT->isPointerType() ? PT->getPointeeType() : QualType();
    const Expr *E = P->IgnoreParenImpCasts();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf)
        return lvalueTarget(UO->getSubExpr());
    // Pointer arithmetic stays inside the same object.
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      if (BO->isAdditiveOp()) {
        const Expr *Side = BO->getLHS()->getType()->isPointerType() ? BO->getLHS()
                                                                    : BO->getRHS();
        Target T = pointeeTarget(Side);
        if (!Pointee.isNull())
          T.Type = Pointee;
        return T;
      }
    if (isa<CXXThisExpr>(E)) {
      Target T;
      T.Kind = Target::This;
      T.Type = Pointee;
      return T;
    }
    // Array decay: the array itself.
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P->IgnoreParens()))
      if (ICE->getCastKind() == CK_ArrayToPointerDecay)
        return lvalueTarget(ICE->getSubExpr());
    // `v.data()`, `s.c_str()`, `v.begin()`: the container's storage.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (isStdContainerAccessor(MC->getMethodDecl()) &&
          MC->getImplicitObjectArgument()) {
        const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
        Target T = ME && ME->isArrow() ? pointeeTarget(ME->getBase())
                                       : lvalueTarget(MC->getImplicitObjectArgument());
        if (!Pointee.isNull())
          T.Type = Pointee;
        return T;
      }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        if (V->getType()->isPointerType())
          return paramTarget(V, Pointee);
    Target T;
    T.Kind = Target::Outside;
    T.Type = Pointee;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      T.Through = DRE->getDecl();
    return T;
  }

  /// A by-value argument through which a library function can write: a
  /// pointer to non-const, or an iterator whose `*` yields a non-const
  /// reference.
  static bool isWritableHandle(QualType T) {
    T = T.getNonReferenceType();
    if (T->isPointerType())
      return !T->getPointeeType().isConstQualified() &&
             !T->getPointeeType()->isFunctionType();
    const auto *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return false;
    for (const CXXMethodDecl *MD : RD->methods())
      if (MD->getOverloadedOperator() == OO_Star && MD->getNumParams() == 0) {
        QualType R = MD->getReturnType();
        return R->isReferenceType() && !R->getPointeeType().isConstQualified();
      }
    return false;
  }

  static bool isCallable(QualType T) {
    T = T.getNonReferenceType().getCanonicalType();
    if (T->isFunctionPointerType() || T->isMemberFunctionPointerType() ||
        T->isFunctionType())
      return true;
    const auto *RD = T->getAsCXXRecordDecl();
    if (!RD || RD->isLambda() || !RD->hasDefinition())
      return false;
    for (const CXXMethodDecl *MD : RD->methods())
      if (MD->getOverloadedOperator() == OO_Call)
        return true;
    return false;
  }

  void visitCall(const Expr *Call, const FunctionDecl *FD,
                 llvm::ArrayRef<const Expr *> Args, const Expr *Object,
                 bool ObjectIsPointer = false) {
    if (FD->hasAttr<ConstAttr>() || FD->hasAttr<PureAttr>() ||
        (SE.EffectFree && SE.EffectFree(*FD)))
      return;
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    auto ObjectTarget = [&]() {
      return ObjectIsPointer ? pointeeTarget(Object) : lvalueTarget(Object);
    };
    if (isSystem(*FD, SM)) {
      if (api::isEnvironmentWriter(FD)) {
        environment(Call, FD);
        return;
      }
      // std::function and other callables run code we do not see.
      if (MD && MD->getOverloadedOperator() == OO_Call &&
          !MD->getParent()->isLambda()) {
        unknown(Call, FD);
        return;
      }
      for (const Expr *A : Args)
        if (A && isCallable(A->getType())) {
          unknown(Call, FD);
          return;
        }
      if (MD && Object && !MD->isConst() && !isa<CXXConstructorDecl>(MD)) {
        Target T = ObjectTarget();
        T.Type = ObjectIsPointer ? Object->getType()->getPointeeType()
                                 : Object->getType();
        record(T, Call, FD);
      }
      for (unsigned I = 0; I < Args.size(); ++I) {
        const Expr *A = Args[I];
        if (!A || isa<CXXDefaultArgExpr>(A))
          continue;
        QualType PT = I < FD->getNumParams() ? FD->getParamDecl(I)->getType()
                                             : A->getType();
        if (PT->isReferenceType() && !PT->getPointeeType().isConstQualified()) {
          // Rvalue references to a temporary reach nobody; std::move(x) does.
          Target T = lvalueTarget(A);
          T.Type = A->getType();
          record(T, Call, FD);
        } else if (!PT->isReferenceType() && isWritableHandle(A->getType())) {
          record(pointeeTarget(A), Call, FD);
        }
      }
      return;
    }
    const FunctionDecl *Def = FD->getDefinition();
    // A callee that clang's error recovery touched may write anything.
    if (!Def || !Def->hasBody() || Def->isDependentContext() ||
        inBrokenCode(*Def, SE.Ctx)) {
      unknown(Call, FD);
      return;
    }
    const SideEffects::Summary &S = SE.summarize(*Def, Level);
    if (S.Unknown) {
      unknown(Call, FD);
      return;
    }
    if (S.Environment)
      environment(Call, FD);
    for (const auto &[Index, Type] : S.Params) {
      Target T;
      if (Index < 0) {
        if (!Object)
          continue; // a constructor's own object: a new one
        T = ObjectTarget();
      } else {
        if (static_cast<unsigned>(Index) >= Args.size() || !Args[Index])
          continue;
        QualType PT = Def->getParamDecl(Index)->getType();
        T = PT->isReferenceType() ? lvalueTarget(Args[Index]) : pointeeTarget(Args[Index]);
      }
      T.Type = Type;
      record(T, Call, FD);
    }
    for (QualType Type : S.Outside) {
      Target T;
      T.Kind = Target::Outside;
      T.Type = Type;
      record(T, Call, FD);
    }
  }

  SideEffects &SE;
  const SourceManager &SM;
  const FunctionDecl *Fn;
  unsigned Level;
  SideEffects::Summary *Sum;
};

const SideEffects::Summary &SideEffects::summarize(const FunctionDecl &FD,
                                                   unsigned Level) {
  auto [It, Inserted] = Summaries.try_emplace(&FD);
  if (!Inserted) {
    // Recursion (a summary under way) is not followed.
    if (!It->second.Done)
      It->second.Unknown = true;
    return It->second;
  }
  Summary S;
  if (Level == 0) {
    S.Unknown = true;
  } else {
    EffectCollector C(*this, &FD, Level - 1, &S);
    C.TraverseStmt(FD.getBody());
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          C.TraverseStmt(Init->getInit());
  }
  S.Done = true;
  Summary &Slot = Summaries[&FD];
  bool SawRecursion = Slot.Unknown;
  Slot = S;
  Slot.Unknown |= SawRecursion;
  return Slot;
}

const std::vector<SideEffects::Located> *
SideEffects::bodyEffects(const FunctionDecl *Fn) {
  if (!Fn || !Fn->getBody())
    return nullptr;
  auto [It, Inserted] = BodyEffects.try_emplace(Fn);
  if (!Inserted)
    return &It->second;
  EffectCollector C(*this, Fn, Depth, nullptr);
  C.TraverseStmt(Fn->getBody());
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Fn))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getInit())
        C.TraverseStmt(Init->getInit());
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<Located> All;
  for (const Effect &E : C.Effects)
    All.push_back({SM.getFileOffset(SM.getExpansionLoc(E.Site->getBeginLoc())), E});
  llvm::stable_sort(All, [](const Located &A, const Located &B) { return A.Offset < B.Offset; });
  return &(BodyEffects[Fn] = std::move(All));
}

llvm::SmallVector<Effect, 4>
SideEffects::in(llvm::ArrayRef<const Stmt *> Range, const FunctionDecl *Fn) {
  llvm::SmallVector<Effect, 4> Out;
  const SourceManager &SM = Ctx.getSourceManager();
  // Statements of `Fn`'s body in its file: select the body's effects by
  // offset. Anything else is walked.
  const Stmt *Body = Fn ? Fn->getBody() : nullptr;
  FileID File = Body ? SM.getFileID(SM.getExpansionLoc(Body->getBeginLoc())) : FileID();
  auto Inside = [&](const Stmt *S) {
    if (!Body || !S)
      return false;
    SourceLocation B = SM.getExpansionLoc(S->getBeginLoc());
    SourceLocation E = SM.getExpansionLoc(S->getEndLoc());
    return SM.getFileID(B) == File && SM.getFileID(E) == File &&
           !SM.isBeforeInTranslationUnit(B, SM.getExpansionLoc(Body->getBeginLoc())) &&
           !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Body->getEndLoc()), E);
  };
  EffectCollector C(*this, Fn, Depth, nullptr);
  for (const Stmt *S : Range) {
    if (!S)
      continue;
    const std::vector<Located> *All = Inside(S) ? bodyEffects(Fn) : nullptr;
    if (!All) {
      C.TraverseStmt(const_cast<Stmt *>(S));
      continue;
    }
    unsigned B = SM.getFileOffset(SM.getExpansionLoc(S->getBeginLoc()));
    unsigned E = SM.getFileOffset(SM.getExpansionLoc(S->getEndLoc()));
    auto It = llvm::lower_bound(*All, B, [](const Located &L, unsigned Off) { return L.Offset < Off; });
    for (; It != All->end() && It->Offset <= E; ++It)
      Out.push_back(It->E);
  }
  Out.append(C.Effects.begin(), C.Effects.end());
  return Out;
}

std::optional<Effect> SideEffects::firstChanging(llvm::ArrayRef<const Stmt *> Range,
                                                 const FunctionDecl *Fn, QualType T,
                                                 const Stmt *Ignore) {
  for (const Effect &E : in(Range, Fn))
    if (E.Site == Ignore && Ignore)
      continue;
    else if (E.Kind == Effect::Unknown ||
        (E.Kind == Effect::Typed && mayAlias(E.Type, T, Ctx)))
      return E;
  return std::nullopt;
}

std::optional<Effect>
SideEffects::firstEnvironmentChange(llvm::ArrayRef<const Stmt *> Range,
                                    const FunctionDecl *Fn) {
  for (const Effect &E : in(Range, Fn))
    if (E.Kind == Effect::Unknown || E.Kind == Effect::Environment)
      return E;
  return std::nullopt;
}

bool SideEffects::escapes(const VarDecl &Var) {
  auto [It, Inserted] = Escapes.try_emplace(&Var, true);
  if (!Inserted)
    return It->second;
  const Stmt *Body = enclosingFunctionBody(Var);
  bool Result = !Body || findEscape(Var, *Body, Ctx) != nullptr ||
                captureByReference(Var, *Body) != nullptr;
  return Escapes[&Var] = Result;
}

std::optional<SideEffects::Change>
SideEffects::firstChangingInputs(const Expr &E, llvm::ArrayRef<const Stmt *> Range,
                                 const FunctionDecl *Fn) {
  struct Input {
    QualType Type; // null: anything
    const ValueDecl *Decl;
    bool Pointee;
  };
  llvm::SmallVector<Input, 4> Inputs;
  struct Collect : RecursiveASTVisitor<Collect> {
    SideEffects &SE;
    llvm::SmallVectorImpl<Input> &Inputs;
    Collect(SideEffects &SE, llvm::SmallVectorImpl<Input> &I) : SE(SE), Inputs(I) {}
    void add(const ValueDecl *D, bool Whole) {
      QualType T = D->getType().getNonReferenceType();
      if (Whole)
        Inputs.push_back({T, D, false});
      if (T->isPointerType())
        Inputs.push_back({T->getPointeeType(), D, true});
    }
    bool VisitDeclRefExpr(DeclRefExpr *DRE) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V)
        return true;
      bool OwnLocal = V->hasLocalStorage() && !V->isStaticLocal() &&
                      !V->getType()->isReferenceType();
      add(V, !OwnLocal || SE.escapes(*V));
      return true;
    }
    bool VisitMemberExpr(MemberExpr *ME) {
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        add(ME->getMemberDecl(), true);
      return true;
    }
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) {
      // A method of `*this` may read any member.
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (Obj && isa<CXXThisExpr>(Obj->IgnoreParenImpCasts()))
        Inputs.push_back({QualType(), nullptr, false});
      return true;
    }
  } C(*this, Inputs);
  C.TraverseStmt(const_cast<Expr *>(&E));
  if (Inputs.empty())
    return std::nullopt;
  for (const Effect &Eff : in(Range, Fn)) {
    if (Eff.Kind == Effect::Environment)
      continue;
    for (const Input &I : Inputs)
      if (Eff.Kind == Effect::Unknown || I.Type.isNull() ||
          mayAlias(Eff.Type, I.Type, Ctx))
        return Change{Eff, I.Decl, I.Pointee};
  }
  return std::nullopt;
}

std::optional<SideEffects::Change>
SideEffects::firstChangingMemory(llvm::ArrayRef<const Stmt *> Range,
                                 const FunctionDecl *Fn, const FunctionDecl &Reader) {
  for (const Effect &E : in(Range, Fn))
    if (E.Kind != Effect::Environment) {
      Change C{E, nullptr, false};
      C.Reader = &Reader;
      return C;
    }
  return std::nullopt;
}

std::optional<SideEffects::Change>
SideEffects::firstChangingSource(const VarDecl &Root, QualType T,
                                 llvm::ArrayRef<const Stmt *> Range, const Stmt *Ignore) {
  bool OwnLocal = Root.hasLocalStorage() && !Root.isStaticLocal() &&
                  !Root.getType()->isReferenceType() &&
                  !Root.getType()->isPointerType();
  if (OwnLocal && !escapes(Root))
    return std::nullopt;
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(Root.getParentFunctionOrMethod());
  return firstChangingObject(Root, T, Range, Fn, Ignore);
}

std::optional<SideEffects::Change>
SideEffects::firstChangingObject(const ValueDecl &Input, QualType T,
                                 llvm::ArrayRef<const Stmt *> Range,
                                 const FunctionDecl *Fn, const Stmt *Ignore) {
  if (std::optional<Effect> E = firstChanging(Range, Fn, T, Ignore))
    return Change{*E, &Input, false};
  return std::nullopt;
}

static std::string who(const Effect &E) {
  if (E.Through && E.Through->getDeclName())
    return "the write through '" + E.Through->getNameAsString() + "'";
  if (E.Callee && E.Callee->getDeclName())
    return "'" + E.Callee->getQualifiedNameAsString() + "'";
  return "this write";
}

static std::string what(const SideEffects::Change &C) {
  if (C.Reader)
    return "what '" + C.Reader->getQualifiedNameAsString() + "' reads";
  if (!C.Input)
    return "the object this function belongs to";
  std::string Name = "'" + C.Input->getNameAsString() + "'";
  return C.Pointee ? "the data " + Name + " points to" : Name;
}

std::pair<SourceLocation, std::string>
SideEffects::noFixNote(const Change &C, const SourceManager &SM, bool Environment) {
  SourceLocation Loc = C.What.Site ? SM.getExpansionLoc(C.What.Site->getBeginLoc())
                                   : SourceLocation();
  return {Loc, "no fix: " + who(C.What) +
                   (Environment ? std::string(" may change the environment")
                                : " may modify " + what(C))};
}

} // namespace sysopt
