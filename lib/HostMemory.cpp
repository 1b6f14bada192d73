//===- HostMemory.cpp - where a host pointer's memory comes from ----------===//
#include "sysopt/HostMemory.h"
#include "sysopt/ApiModels.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace sysopt {

namespace {

bool isStdClass(QualType T, llvm::StringRef Name) {
  const auto *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == Name && RD->isInStdNamespace();
}

bool isStdArray(QualType T) { return isStdClass(T.getNonReferenceType(), "array"); }

/// CUDA variables live on the device, whatever their C++ type says.
bool isDeviceVariable(const VarDecl &V) {
  return V.hasAttr<CUDADeviceAttr>() || V.hasAttr<CUDAConstantAttr>() ||
         V.hasAttr<CUDASharedAttr>() || V.hasAttr<HIPManagedAttr>();
}

/// How an expression reaches the memory it points to.
struct Base {
  enum How { Pointer, AddressOf, ContainerData } H = Pointer;
  const Expr *E = nullptr;
};

/// Strips casts, pointer arithmetic, `&a[i]`, `&*p`, `v.data()`, `&v[i]`.
Base peel(const Expr *E) {
  for (unsigned Step = 0; E && Step < 16; ++Step) {
    E = E->IgnoreParenCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() != BO_Add && BO->getOpcode() != BO_Sub)
        return {};
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
      if (!E->getType()->isPointerType() && !E->getType()->isArrayType())
        return {};
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf) {
      const Expr *Sub = UO->getSubExpr()->IgnoreParens();
      if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(Sub)) {
        E = ASE->getBase();
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Sub);
          Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
        return {Base::ContainerData, Op->getArg(0)->IgnoreParenImpCasts()};
      if (const auto *Deref = dyn_cast<UnaryOperator>(Sub);
          Deref && Deref->getOpcode() == UO_Deref) {
        E = Deref->getSubExpr();
        continue;
      }
      return {Base::AddressOf, Sub->IgnoreParenImpCasts()};
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (MD && MD->getIdentifier() && (MD->getName() == "data" || MD->getName() == "c_str") &&
          MC->getNumArgs() == 0)
        return {Base::ContainerData, MC->getImplicitObjectArgument()->IgnoreParenImpCasts()};
      return {};
    }
    return {Base::Pointer, E};
  }
  return {};
}

bool isPageableAllocation(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreParenCasts();
  if (const auto *NE = dyn_cast<CXXNewExpr>(E))
    return NE->getNumPlacementArgs() == 0 && NE->getOperatorNew() &&
           NE->getOperatorNew()->isReplaceableGlobalAllocationFunction();
  if (const auto *C = dyn_cast<CallExpr>(E))
    return api::allocatedSpace(C->getDirectCallee()) == api::MemSpace::Pageable;
  return false;
}

bool isNull(const Expr *E, ASTContext &Ctx) {
  return E && E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull);
}

/// What one reference to a pointer variable does with it.
enum class Use { Read, Moved, Assigned, Other };

const Stmt *parentOf(const Stmt &S, ASTContext &Ctx, const Stmt *&Child) {
  Child = &S;
  for (unsigned I = 0; I < 8; ++I) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.size() != 1)
      return nullptr;
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P || !isa<ParenExpr>(P))
      return P;
    Child = P;
  }
  return nullptr;
}

/// Classifies a reference to a pointer; for an assignment, sets `Rhs`.
Use useOf(const Expr &Ref, ASTContext &Ctx, const Expr *&Rhs) {
  const Stmt *Child = nullptr;
  const Stmt *P = parentOf(Ref, Ctx, Child);
  if (!P)
    return Use::Other;
  if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P))
    return ICE->getCastKind() == CK_LValueToRValue ? Use::Read : Use::Other;
  if (const auto *UO = dyn_cast<UnaryOperator>(P))
    return UO->isIncrementDecrementOp() ? Use::Moved : Use::Other;
  if (const auto *CA = dyn_cast<CompoundAssignOperator>(P))
    return CA->getLHS()->IgnoreParens() == &Ref &&
                   (CA->getOpcode() == BO_AddAssign || CA->getOpcode() == BO_SubAssign)
               ? Use::Moved
               : Use::Other;
  if (const auto *BO = dyn_cast<BinaryOperator>(P); BO && BO->getOpcode() == BO_Assign &&
                                                     BO->getLHS()->IgnoreParens() == &Ref) {
    Rhs = BO->getRHS();
    return Use::Assigned;
  }
  if (isa<UnaryExprOrTypeTraitExpr>(P))
    return Use::Read;
  return Use::Other;
}

template <typename RefT> struct RefCollector : RecursiveASTVisitor<RefCollector<RefT>> {
  const ValueDecl *D;
  llvm::SmallVector<const RefT *, 8> Refs;
  explicit RefCollector(const ValueDecl *D) : D(D) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if constexpr (std::is_same_v<RefT, DeclRefExpr>)
      if (E->getDecl() == D)
        Refs.push_back(E);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if constexpr (std::is_same_v<RefT, MemberExpr>)
      if (E->getMemberDecl() == D)
        Refs.push_back(E);
    return true;
  }
};

/// Whether every write of the pointer in `Refs` stores a pageable
/// allocation or null; `Alloc` receives the first allocation.
template <typename RefT>
bool writesOnlyPageable(llvm::ArrayRef<const RefT *> Refs, ASTContext &Ctx,
                        const Expr *&Alloc) {
  for (const RefT *R : Refs) {
    const Expr *Rhs = nullptr;
    switch (useOf(*R, Ctx, Rhs)) {
    case Use::Read:
    case Use::Moved:
      break;
    case Use::Assigned:
      if (isPageableAllocation(Rhs)) {
        if (!Alloc)
          Alloc = Rhs->IgnoreParenCasts();
      } else if (!isNull(Rhs, Ctx)) {
        return false;
      }
      break;
    case Use::Other:
      return false;
    }
  }
  return true;
}

/// Every reference to the parameter only reads it or moves it along.
bool parameterUnchanged(const ParmVarDecl &P, const FunctionDecl &Fn, ASTContext &Ctx) {
  if (!Fn.getBody())
    return false;
  RefCollector<DeclRefExpr> C(&P);
  C.TraverseStmt(Fn.getBody());
  for (const DeclRefExpr *R : C.Refs) {
    const Expr *Rhs = nullptr;
    Use U = useOf(*R, Ctx, Rhs);
    if (U != Use::Read && U != Use::Moved)
      return false;
  }
  return true;
}

class RegisteredScan : public RecursiveASTVisitor<RegisteredScan> {
public:
  llvm::DenseSet<const ValueDecl *> &Out;
  explicit RegisteredScan(llvm::DenseSet<const ValueDecl *> &Out) : Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    const api::ApiEntry *E = api::lookupApi(FD);
    if (!E || E->Space != api::MemSpace::Pinned || E->Dst < 0 ||
        static_cast<unsigned>(E->Dst) >= C->getNumArgs())
      return true;
    // cudaHostRegister(p, ...) and cudaMallocHost(&p, ...) alike: the
    // variable's memory is pinned.
    const Expr *Arg = C->getArg(E->Dst);
    Base B = peel(Arg);
    if (B.E) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(B.E->IgnoreParenImpCasts()))
        Out.insert(DRE->getDecl());
      else if (const auto *ME = dyn_cast<MemberExpr>(B.E->IgnoreParenImpCasts()))
        Out.insert(ME->getMemberDecl());
    }
    return true;
  }
};

} // namespace

bool isPageableContainer(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  const auto *RD = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!RD || !RD->getIdentifier() || !RD->isInStdNamespace())
    return false;
  const TemplateArgumentList &Args = RD->getTemplateArgs();
  unsigned AllocatorPos;
  if (RD->getName() == "vector")
    AllocatorPos = 1;
  else if (RD->getName() == "basic_string")
    AllocatorPos = 2;
  else
    return false;
  return Args.size() > AllocatorPos && Args[AllocatorPos].getKind() == TemplateArgument::Type &&
         isStdClass(Args[AllocatorPos].getAsType(), "allocator");
}

HostMemory::HostMemory(ASTContext &Ctx) : Ctx(Ctx) {}

bool HostMemory::isRegistered(const ValueDecl *D) {
  if (!ScannedRegistrations) {
    ScannedRegistrations = true;
    RegisteredScan S(Registered);
    S.TraverseAST(Ctx);
  }
  return Registered.contains(D);
}

HostOrigin HostMemory::memberOrigin(const FieldDecl &F) {
  auto [It, New] = Members.try_emplace(&F);
  if (!New)
    return It->second;
  HostOrigin O;
  const auto *RD = dyn_cast<CXXRecordDecl>(F.getParent());
  // Only the class's own functions may write it, and all of them are here.
  if (!RD || F.getAccess() == AS_public || !RD->friends().empty() ||
      isa<ClassTemplateSpecializationDecl>(RD) || RD->isDependentContext())
    return It->second = O;
  for (const Decl *D : RD->decls())
    if (isa<FunctionTemplateDecl>(D))
      return It->second = O;
  const Expr *Alloc = nullptr;
  for (const CXXMethodDecl *M : RD->methods()) {
    if (M->isDeleted() || M->isDefaulted() || M->isPureVirtual())
      continue;
    const FunctionDecl *Def = nullptr;
    if (!M->hasBody(Def) || !Def || !Def->getBody())
      return It->second = O;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() == &F && Init->isWritten()) {
          const Expr *E = Init->getInit();
          if (const auto *PLE = dyn_cast<ParenListExpr>(E); PLE && PLE->getNumExprs() == 1)
            E = PLE->getExpr(0);
          if (isPageableAllocation(E)) {
            if (!Alloc)
              Alloc = E->IgnoreParenCasts();
          } else if (!isNull(E, Ctx)) {
            return It->second = O;
          }
        }
    RefCollector<MemberExpr> C(&F);
    C.TraverseStmt(Def->getBody());
    if (!writesOnlyPageable<MemberExpr>(C.Refs, Ctx, Alloc))
      return It->second = O;
  }
  if (const Expr *Default = F.getInClassInitializer(); Default && !isNull(Default, Ctx))
    return It->second = O;
  if (Alloc && !isRegistered(&F)) {
    O.K = HostOrigin::Kind::Heap;
    O.Decl = &F;
    O.Alloc = Alloc;
  }
  return It->second = O;
}

HostOrigin HostMemory::originOf(const Expr *Ptr, const FunctionDecl &Fn) {
  HostOrigin O;
  Base B = peel(Ptr);
  if (!B.E || B.E->isValueDependent() || B.E->isTypeDependent())
    return O;
  const Expr *E = B.E->IgnoreParenImpCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  const auto *ME = dyn_cast<MemberExpr>(E);
  const auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  const ValueDecl *D = VD ? static_cast<const ValueDecl *>(VD) : FD;
  if (VD && isDeviceVariable(*VD))
    return O;
  auto Make = [&](HostOrigin::Kind K) {
    if (D && isRegistered(D))
      return O;
    O.K = K;
    O.Decl = D;
    return O;
  };

  // A container itself, passed to a reference parameter: its storage.
  if (B.H == Base::Pointer && D && !E->getType()->isPointerType() &&
      (isPageableContainer(E->getType()) || isStdArray(E->getType())))
    B.H = Base::ContainerData;
  switch (B.H) {
  case Base::ContainerData:
    if (D && isPageableContainer(D->getType()))
      return Make(HostOrigin::Kind::Container);
    if (VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
        isStdArray(VD->getType()))
      return Make(HostOrigin::Kind::StackArray);
    return O;
  case Base::AddressOf:
    if (!VD || VD->getType()->isReferenceType())
      return O;
    return Make(VD->hasLocalStorage() ? HostOrigin::Kind::StackObject
                                      : HostOrigin::Kind::StaticArray);
  case Base::Pointer:
    break;
  }

  // An element of a local array of pointers (`Npp8u *h_images[N]`, one
  // malloc per element).
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    if (const auto *ArrRef = dyn_cast<DeclRefExpr>(ASE->getBase()->IgnoreParenImpCasts()))
      if (const auto *Arr = dyn_cast<VarDecl>(ArrRef->getDecl());
          Arr && Arr->getType()->isArrayType() && E->getType()->isPointerType()) {
        auto [Cached, New] = Pointers.try_emplace(Arr);
        if (New)
          Cached->second = elementOrigin(*Arr, Fn);
        return Cached->second;
      }
  if (isPageableAllocation(E)) {
    O.K = HostOrigin::Kind::Heap;
    O.Alloc = E;
    return O;
  }
  if (VD && VD->getType()->isArrayType())
    return Make(VD->hasLocalStorage() ? HostOrigin::Kind::StackArray
                                      : HostOrigin::Kind::StaticArray);
  if (FD && FD->getType()->isPointerType()) {
    HostOrigin M = memberOrigin(*FD);
    return M;
  }
  if (!VD || !VD->getType()->isPointerType() || !Fn.getBody())
    return O;
  // A pointer's writes are scanned once per variable: a loop of many
  // copies from one buffer asks about it many times.
  auto [Cached, New] = Pointers.try_emplace(VD);
  if (!New)
    return Cached->second;
  Cached->second = pointerOrigin(*VD, Fn);
  return Cached->second;
}

HostOrigin HostMemory::pointerOrigin(const VarDecl &Var, const FunctionDecl &Fn) {
  HostOrigin O;
  const VarDecl *VD = &Var;
  if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
    if (parameterUnchanged(*P, Fn, Ctx)) {
      O.K = HostOrigin::Kind::Parameter;
      O.Decl = P;
    }
    return O;
  }
  if (!VD->hasLocalStorage() || VD->getType().isVolatileQualified())
    return O;
  const Expr *Alloc = nullptr;
  if (const Expr *Init = VD->getInit()) {
    if (isPageableAllocation(Init))
      Alloc = Init->IgnoreParenCasts();
    else if (!isNull(Init, Ctx))
      return O;
  }
  RefCollector<DeclRefExpr> C(VD);
  C.TraverseStmt(Fn.getBody());
  if (!writesOnlyPageable<DeclRefExpr>(C.Refs, Ctx, Alloc) || !Alloc || isRegistered(VD))
    return O;
  O.K = HostOrigin::Kind::Heap;
  O.Decl = VD;
  O.Alloc = Alloc;
  return O;
}

HostOrigin HostMemory::elementOrigin(const VarDecl &Arr, const FunctionDecl &Fn) {
  HostOrigin O;
  if (!Arr.hasLocalStorage() || !Fn.getBody() || isRegistered(&Arr))
    return O;
  if (const Expr *Init = Arr.getInit()) {
    const auto *List = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts());
    if (!List)
      return O;
    for (const Expr *E : List->inits())
      if (!isa<ImplicitValueInitExpr>(E) && !isNull(E, Ctx))
        return O;
  }
  RefCollector<DeclRefExpr> C(&Arr);
  C.TraverseStmt(Fn.getBody());
  // Every use indexes the array; the elements are written only with
  // pageable allocations.
  llvm::SmallVector<const ArraySubscriptExpr *, 8> Elements;
  for (const DeclRefExpr *R : C.Refs) {
    const Stmt *Child = nullptr;
    const Stmt *P = parentOf(*R, Ctx, Child);
    if (P && isa<UnaryExprOrTypeTraitExpr>(P))
      continue; // sizeof(arr)
    const auto *Decay = dyn_cast_or_null<ImplicitCastExpr>(P);
    if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
      return O;
    const Stmt *Sub = parentOf(*Decay, Ctx, Child);
    const auto *ASE = dyn_cast_or_null<ArraySubscriptExpr>(Sub);
    if (!ASE || ASE->getBase()->IgnoreParens() != Decay)
      return O;
    Elements.push_back(ASE);
  }
  const Expr *Alloc = nullptr;
  if (!writesOnlyPageable<ArraySubscriptExpr>(Elements, Ctx, Alloc) || !Alloc)
    return O;
  O.K = HostOrigin::Kind::Heap;
  O.Decl = &Arr;
  O.Alloc = Alloc;
  return O;
}

std::string describeOrigin(const HostOrigin &O) {
  std::string Name = O.Decl ? "'" + O.Decl->getNameAsString() + "'" : "the memory";
  switch (O.K) {
  case HostOrigin::Kind::StackArray:
    return Name + " is an array on the stack";
  case HostOrigin::Kind::StackObject:
    return Name + " lives on the stack";
  case HostOrigin::Kind::StaticArray:
    return Name + " is static data";
  case HostOrigin::Kind::Heap: {
    std::string How = "new";
    if (const auto *C = O.Alloc ? dyn_cast<CallExpr>(O.Alloc) : nullptr)
      if (const FunctionDecl *F = C->getDirectCallee())
        How = F->getNameAsString();
    if (O.Decl && O.Decl->getType()->isArrayType())
      return "the elements of " + Name + " are allocated with " + How;
    return (O.Decl ? Name + " is allocated" : std::string("allocated")) + " with " + How;
  }
  case HostOrigin::Kind::Container:
    return Name + " stores its elements in memory from std::allocator";
  case HostOrigin::Kind::Parameter:
  case HostOrigin::Kind::Unknown:
    break;
  }
  return "";
}

} // namespace sysopt
