#include "sysopt/UsageAnalysis.h"
#include "sysopt/ApiModels.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"

using namespace clang;

namespace sysopt {

namespace {
class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  RefCollector(const VarDecl &Var) : Var(Var) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (DRE->getDecl() == &Var)
      Refs.push_back(DRE);
    return true;
  }
  const VarDecl &Var;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
};
} // namespace

llvm::SmallVector<const DeclRefExpr *, 8>
referencesTo(const VarDecl &Var, const Stmt &Scope, ASTContext &Ctx) {
  RefCollector C(Var);
  C.TraverseStmt(const_cast<Stmt *>(&Scope));
  return C.Refs;
}

const Stmt *findMutation(const VarDecl &Var, const Stmt &Scope,
                         ASTContext &Ctx) {
  ExprMutationAnalyzer Analyzer(Scope, Ctx);
  return Analyzer.findMutation(&Var);
}

/// Whether the iterator `It` (a `begin()`/`end()` call) is only the source
/// range of a standard call that reads it: `insert(pos, first, last)`,
/// `assign`/`append(first, last)` of another container, a range
/// constructor, or a reading algorithm (`std::copy`'s input, `accumulate`,
/// `count`, `equal`, ...). Algorithms that return an iterator into the range
/// (`find`) may be written through afterwards.
static bool isReadOnlyRangeArgument(const Expr &It, ASTContext &Ctx) {
  const Stmt *Child = &It;
  const Stmt *P = semanticParent(&It, Ctx, &Child);
  // `const_iterator` from `iterator` (a converting construction), and the
  // copy or move into a by-value parameter before C++17.
  // Also `begin() + k`: an iterator into the same range.
  for (unsigned Steps = 0; Steps < 4; ++Steps) {
    const Expr *Next = nullptr;
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(P);
        CE && CE->getNumArgs() == 1)
      Next = CE;
    else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P);
             Op && (Op->getOperator() == OO_Plus || Op->getOperator() == OO_Minus) &&
             Op->getNumArgs() == 2 && Op->getArg(0) == Child)
      Next = Op;
    if (!Next)
      break;
    Child = Next;
    P = semanticParent(Next, Ctx, &Child);
  }
  auto IndexOf = [&](llvm::ArrayRef<const Expr *> Args) -> int {
    for (unsigned I = 0; I < Args.size(); ++I)
      if (Args[I] == Child)
        return static_cast<int>(I);
    return -1;
  };
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(P)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || !M->getIdentifier() || !M->getParent()->isInStdNamespace())
      return false;
    int I = IndexOf(llvm::ArrayRef(MC->getArgs(), MC->getNumArgs()));
    llvm::StringRef N = M->getName();
    if (N == "insert" && MC->getNumArgs() == 3)
      return I == 1 || I == 2;
    if ((N == "assign" || N == "append") && MC->getNumArgs() == 2)
      return I == 0 || I == 1;
    return false;
  }
  if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(P)) {
    // An owning container built from the range copies it; a view built
    // from it (trivially destructible) may write through it later.
    const CXXRecordDecl *RD = CE->getConstructor()->getParent();
    return RD->isInStdNamespace() && !RD->hasTrivialDestructor() && CE->getNumArgs() >= 2 &&
           IndexOf(llvm::ArrayRef(CE->getArgs(), CE->getNumArgs())) <= 1 &&
           IndexOf(llvm::ArrayRef(CE->getArgs(), CE->getNumArgs())) >= 0;
  }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(P)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getIdentifier() || !FD->isInStdNamespace())
      return false;
    int I = IndexOf(llvm::ArrayRef(Call->getArgs(), Call->getNumArgs()));
    llvm::StringRef N = FD->getName();
    static const llvm::StringRef Reading[] = {
        "accumulate", "count",  "count_if", "equal",  "all_of",
        "any_of",     "none_of", "inner_product", "lexicographical_compare"};
    if (llvm::is_contained(Reading, N))
      return I >= 0;
    if (N == "copy")
      return I == 0 || I == 1;
  }
  return false;
}

/// `v[i]`, `v.at(i)`, `v.front()`, `v.back()` on a standard container whose
/// result is only read: converted to an rvalue, the object of a const member
/// call, or bound to a const reference.
static bool isReadThroughAccessor(const DeclRefExpr *Ref, ASTContext &Ctx) {
  const Stmt *Child = Ref;
  const Stmt *P = semanticParent(Ref, Ctx, &Child);
  const CallExpr *Access = nullptr;
  const CXXMethodDecl *MD = nullptr;
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
        Op->getArg(0)->IgnoreImplicit()->IgnoreParens() == Ref->IgnoreParens()) {
      Access = Op;
      MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
    }
  } else if (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
    const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(semanticParent(ME, Ctx, nullptr));
    if (MC && MC->getCallee()->IgnoreParens() == ME && MC->getMethodDecl() &&
        MC->getMethodDecl()->getIdentifier()) {
      llvm::StringRef N = MC->getMethodDecl()->getName();
      if (N == "at" || N == "front" || N == "back") {
        Access = MC;
        MD = MC->getMethodDecl();
      } else if (N == "begin" || N == "end" || N == "rbegin" || N == "rend") {
        MD = MC->getMethodDecl();
        return MD->getParent()->isInStdNamespace() && MC->getNumArgs() == 0 &&
               isReadOnlyRangeArgument(*MC, Ctx);
      }
    }
  }
  // Sequence containers only: map's operator[] inserts.
  static const llvm::StringRef Sequences[] = {"vector", "array", "deque",
                                              "basic_string", "valarray"};
  if (!Access || !MD || !MD->getParent()->isInStdNamespace() ||
      !MD->getParent()->getIdentifier() ||
      !llvm::is_contained(Sequences, MD->getParent()->getName()))
    return false;
  DynTypedNodeList Parents = Ctx.getParents(*Access);
  const Stmt *Up = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
  while (isa_and_nonnull<ParenExpr>(Up)) {
    Parents = Ctx.getParents(*Up);
    Up = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
  }
  if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Up))
    return Cast->getCastKind() == CK_LValueToRValue ||
           (Cast->getCastKind() == CK_NoOp && Cast->getType().isConstQualified());
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(Up)) {
    const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(semanticParent(ME, Ctx, nullptr));
    return MC && MC->getMethodDecl() && MC->getMethodDecl()->isConst();
  }
  return false;
}

/// Whether `Var` names an object that is const (a const value, or a
/// reference to const) of a type without mutable members.
static bool isConstObject(const VarDecl &Var) {
  QualType T = Var.getType().getNonReferenceType();
  if (!T.isConstQualified() || T.isVolatileQualified())
    return false;
  if (const auto *RD = T->getAsCXXRecordDecl())
    return RD->hasDefinition() && !RD->hasMutableFields();
  return T->isScalarType();
}

namespace {
// References to variables, the ones that only read them (the forms listed in
// UsageAnalysis.h), and the ones an explicit cast takes. Sets, not counters:
// a node the traversal reaches twice counts once.
struct UseWalker : RecursiveASTVisitor<UseWalker> {
  const VarDecl *Only; // when set, the one variable asked about
  llvm::SetVector<const DeclRefExpr *> Refs;
  llvm::DenseSet<const DeclRefExpr *> Reads, Casts, Assigned;

  explicit UseWalker(const VarDecl *Only) : Only(Only) {}
  // `v = e`, `v += e`, `++v`, `v--` of a scalar: certainly a write.
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && !BO->getLHS()->getType()->isRecordType())
      if (const DeclRefExpr *R = varRef(BO->getLHS()->IgnoreParens()))
        Assigned.insert(R);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      if (const DeclRefExpr *R = varRef(UO->getSubExpr()->IgnoreParens()))
        Assigned.insert(R);
    return true;
  }
  const DeclRefExpr *varRef(const Expr *E) const {
    const auto *DRE = E ? dyn_cast<DeclRefExpr>(E) : nullptr;
    if (!DRE || !isa<VarDecl>(DRE->getDecl()))
      return nullptr;
    return !Only || DRE->getDecl() == Only ? DRE : nullptr;
  }
  static bool isConstRef(QualType T) {
    return T->isLValueReferenceType() &&
           T.getNonReferenceType().isConstQualified();
  }
  void args(const FunctionDecl *FD, llvm::ArrayRef<const Expr *> Args,
            unsigned FirstParamArg) {
    if (!FD)
      return;
    for (unsigned I = FirstParamArg; I < Args.size(); ++I)
      if (I - FirstParamArg < FD->getNumParams() &&
          isConstRef(FD->getParamDecl(I - FirstParamArg)->getType()))
        if (const DeclRefExpr *R = varRef(Args[I]->IgnoreParenImpCasts()))
          Reads.insert(R);
  }
  void constObject(const CXXMethodDecl *MD, const Expr *Object) {
    if (MD && MD->isConst() && Object)
      if (const DeclRefExpr *R = varRef(Object->IgnoreParenImpCasts()))
        Reads.insert(R);
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (varRef(E))
      Refs.insert(E);
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) {
    if (E->getCastKind() == CK_LValueToRValue)
      if (const DeclRefExpr *R = varRef(E->getSubExpr()->IgnoreParens()))
        Reads.insert(R);
    return true;
  }
  bool VisitExplicitCastExpr(ExplicitCastExpr *E) {
    if (const DeclRefExpr *R = varRef(E->getSubExpr()->IgnoreParenImpCasts()))
      Casts.insert(R);
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    llvm::ArrayRef<const Expr *> Args(C->getArgs(), C->getNumArgs());
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      constObject(MC->getMethodDecl(), MC->getImplicitObjectArgument());
      args(MC->getMethodDecl(), Args, 0);
      return true;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
      if (MD && !MD->isStatic()) {
        constObject(MD, OC->getNumArgs() ? OC->getArg(0) : nullptr);
        args(MD, Args, 1);
        return true;
      }
    }
    args(C->getDirectCallee(), Args, 0);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    args(C->getConstructor(),
         llvm::ArrayRef<const Expr *>(C->getArgs(), C->getNumArgs()), 0);
    return true;
  }
};
} // namespace

VariableUses::VariableUses(const Stmt &Scope, const VarDecl *Only) {
  UseWalker W(Only);
  W.TraverseStmt(const_cast<Stmt *>(&Scope));
  for (const DeclRefExpr *R : W.Refs) {
    const auto *Var = cast<VarDecl>(R->getDecl());
    if (!W.Reads.contains(R))
      NotOnlyRead.insert(Var);
    if (W.Casts.contains(R))
      CastTaken.insert(Var);
    if (W.Assigned.contains(R))
      Assigned.insert(Var);
  }
}

const Stmt *findWrite(const VarDecl &Var, const Stmt &Scope, ASTContext &Ctx) {

  // Read-only uses need no query, and a const object changes only through
  // a cast of it; ExprMutationAnalyzer's cost grows with the uses times the
  // scope (500 copies of one `const std::string &` took 7 s).
  VariableUses Uses(Scope, &Var);
  if (Uses.onlyRead(Var) || (isConstObject(Var) && !Uses.isCast(Var)))
    return nullptr;
  ExprMutationAnalyzer A(Scope, Ctx);
  const Stmt *M = A.findMutation(&Var);
  if (!M)
    return nullptr;
  for (const DeclRefExpr *Ref : referencesTo(Var, Scope, Ctx)) {
    if (isReadThroughAccessor(Ref, Ctx))
      continue;
    if (const Stmt *W = A.findMutation(Ref))
      return W;
  }
  return nullptr;
}

/// E without parentheses and implicit nodes (casts, temporaries, cleanups).
static const Expr *stripImplicit(const Expr *E) {
  while (true) {
    const Expr *N = E->IgnoreImplicit()->IgnoreParens();
    if (N == E)
      return E;
    E = N;
  }
}

static bool isSame(const Expr *A, const Stmt *B) {
  const auto *BE = dyn_cast_or_null<Expr>(B);
  return A && BE && stripImplicit(A) == stripImplicit(BE);
}

const Stmt *semanticParent(const Stmt *E, ASTContext &Ctx, const Stmt **Child) {
  const Stmt *Cur = E;
  while (true) {
    DynTypedNodeList Parents = Ctx.getParents(*Cur);
    if (Parents.empty())
      return nullptr;
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P) {
      // A declaration (a variable's initializer): `Child` is the full
      // initializer, for the caller to look further.
      if (Child)
        *Child = Cur;
      return nullptr;
    }
    if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups>(P)) {
      Cur = P;
      continue;
    }
    if (Child)
      *Child = Cur;
    return P;
  }
}

static const VarDecl *declaredBy(const Stmt *Init, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(*Init);
  return Parents.empty() ? nullptr : Parents[0].get<VarDecl>();
}

static bool isStdFunction(const FunctionDecl *FD,
                          std::initializer_list<llvm::StringRef> Names) {
  if (!FD || !FD->getIdentifier() || !FD->isInStdNamespace())
    return false;
  for (llvm::StringRef N : Names)
    if (FD->getName() == N)
      return true;
  return false;
}

static bool isStoringMethod(llvm::StringRef Name) {
  static const llvm::StringRef Names[] = {
      "push_back",   "emplace_back", "push_front", "emplace_front",
      "insert",      "emplace",      "push",       "assign",
      "try_emplace", "insert_or_assign", "emplace_hint"};
  return llvm::is_contained(Names, Name);
}

static bool isThreadLike(const CXXRecordDecl *RD) {
  if (!RD || !RD->getIdentifier() || !RD->isInStdNamespace())
    return false;
  return RD->getName() == "thread" || RD->getName() == "jthread" ||
         RD->getName() == "packaged_task";
}

static bool isNonLocalLValue(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (isa<MemberExpr>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return !VD->hasLocalStorage();
  return false;
}

bool callsAny(const Stmt &Scope,
              llvm::function_ref<bool(const FunctionDecl &)> Pred) {
  struct Finder : RecursiveASTVisitor<Finder> {
    llvm::function_ref<bool(const FunctionDecl &)> Pred;
    bool Found = false;
    bool check(const FunctionDecl *FD) {
      Found |= FD && Pred(*FD);
      return !Found;
    }
    bool VisitCallExpr(CallExpr *C) { return check(C->getDirectCallee()); }
    bool VisitCXXConstructExpr(CXXConstructExpr *C) { return check(C->getConstructor()); }
  } F;
  F.Pred = Pred;
  F.TraverseStmt(const_cast<Stmt *>(&Scope));
  return F.Found;
}

const LambdaExpr *captureByReference(const VarDecl &Var, const Stmt &Scope) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl &Var;
    const LambdaExpr *Found = nullptr;
    Finder(const VarDecl &V) : Var(V) {}
    bool VisitLambdaExpr(LambdaExpr *L) {
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable() && C.getCapturedVar() == &Var &&
            C.getCaptureKind() == LCK_ByRef)
          Found = L;
      return !Found;
    }
  } F(Var);
  F.TraverseStmt(const_cast<Stmt *>(&Scope));
  return F.Found;
}

const Stmt *findEscape(const VarDecl &Var, const Stmt &Scope,
                       ASTContext &Ctx) {
  // By-reference captures: the lambda may outlive the variable.
  if (const LambdaExpr *L = captureByReference(Var, Scope))
    return L;

  for (const DeclRefExpr *Ref : referencesTo(Var, Scope, Ctx)) {
    const Stmt *Child = Ref;
    const Stmt *P = semanticParent(Ref, Ctx, &Child);
    if (!P)
      continue;
    if (const auto *UO = dyn_cast<UnaryOperator>(P))
      if (UO->getOpcode() == UO_AddrOf)
        return P;
    if (isa<ReturnStmt, CXXThrowExpr, CoreturnStmt>(P))
      return P;
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (isStdFunction(FD, {"ref", "cref", "move", "forward", "async",
                             "make_shared", "make_unique", "bind"}))
        return P;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
        if (MC->getImplicitObjectArgument() &&
            !isSame(MC->getImplicitObjectArgument(), Child) &&
            MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
            isStoringMethod(MC->getMethodDecl()->getName()))
          return P;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
        if (Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
            isSame(Op->getArg(1), Child) &&
            isNonLocalLValue(Op->getArg(0)))
          return P;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P))
      if (BO->isAssignmentOp() && isSame(BO->getRHS(), Child) &&
          isNonLocalLValue(BO->getLHS()))
        return P;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      // A copy constructor here is the copy of a by-value argument; look at
      // where that copy goes.
      if (isThreadLike(CE->getConstructor()->getParent()))
        return P;
      if (CE->getConstructor()->isCopyOrMoveConstructor()) {
        const Stmt *GP = semanticParent(CE, Ctx, nullptr);
        if (const auto *TC = GP ? dyn_cast<CXXConstructExpr>(GP) : nullptr)
          if (isThreadLike(TC->getConstructor()->getParent()))
            return GP;
        if (const auto *MC = GP ? dyn_cast<CXXMemberCallExpr>(GP) : nullptr)
          if (MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
              isStoringMethod(MC->getMethodDecl()->getName()))
            return GP;
      }
    }
  }
  return nullptr;
}

//===--- libtorch tensors -------------------------------------------------===//

static bool typeMentionsTensor(QualType T, ASTContext &Ctx) {
  if (T.isNull())
    return false;
  if (api::isTensorType(T))
    return true;
  PrintingPolicy Policy(Ctx.getLangOpts());
  return llvm::StringRef(T.getCanonicalType().getAsString(Policy))
      .contains("Tensor");
}

static bool isLibraryNamespaceFunction(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (FD->isInStdNamespace())
    return true;
  const DeclContext *DC = FD->getDeclContext();
  const NamespaceDecl *Outer = nullptr;
  for (; DC && !DC->isTranslationUnit(); DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Outer = NS;
  if (!Outer || !Outer->getIdentifier())
    return false;
  llvm::StringRef N = Outer->getName();
  return N == "at" || N == "torch" || N == "c10";
}

static llvm::StringRef nameOf(const FunctionDecl *FD) {
  if (!FD)
    return "";
  if (FD->getIdentifier())
    return FD->getName();
  if (FD->isOverloadedOperator())
    return getOperatorSpelling(FD->getOverloadedOperator());
  return "";
}

static bool isWritingMethodDecl(const CXXMethodDecl *MD) {
  if (!MD)
    return true;
  // `t = other` on an lvalue tensor rebinds the handle; only the rvalue
  // overload (`t[0] = 1`, `t.select(0, 1) = x`) writes into the storage.
  if (MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator() ||
      MD->getOverloadedOperator() == OO_Equal)
    if (MD->getRefQualifier() == RQ_LValue)
      return false;
  if (MD->isOverloadedOperator()) {
    std::string Spelled =
        std::string("operator") + getOperatorSpelling(MD->getOverloadedOperator());
    return api::isTensorWritingMethod(Spelled);
  }
  return !MD->getIdentifier() || api::isTensorWritingMethod(MD->getName());
}

static bool isMethodNamedSet(const CXXMethodDecl *MD) {
  return !MD || !MD->getIdentifier() || MD->getName() == "set_";
}

/// Whether the tensor value of `E` (a variable's reference, or a view or
/// result derived from it) is only read from here on.
static const Expr *tensorValueWrite(const Expr *E, ASTContext &Ctx,
                                    unsigned Depth) {
  if (Depth > 16)
    return E;
  const Stmt *Child = E;
  const Stmt *P = semanticParent(E, Ctx, &Child);
  if (!P)
    return nullptr;
  auto Continue = [&](const Expr *Result, QualType T) -> const Expr * {
    if (!typeMentionsTensor(T, Ctx))
      return nullptr;
    if (!api::isTensorType(T))
      return Result; // containers or tuples of views: give up
    return tensorValueWrite(Result, Ctx, Depth + 1);
  };

  // `E.method(...)`: the member expression, then its call.
  if (const auto *ME = dyn_cast<MemberExpr>(P)) {
    const auto *MC =
        dyn_cast_or_null<CXXMemberCallExpr>(semanticParent(ME, Ctx, nullptr));
    if (!MC || MC->getCallee()->IgnoreParens() != ME)
      return ME; // a field or a method pointer: not modelled
    P = MC;
    Child = E;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (Obj && isSame(Obj, Child)) {
      if (isWritingMethodDecl(MC->getMethodDecl()))
        return MC;
      if (api::isFreshTensorOp(nameOf(MC->getMethodDecl())))
        return nullptr;
      return Continue(MC, MC->getType());
    }
    // An argument of another tensor's method is read (in-place ops write
    // their object), except `set_`, which makes the object share its storage.
    if (api::isTensorType(MC->getObjectType()) &&
        !isMethodNamedSet(MC->getMethodDecl()))
      return nullptr;
    return MC;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
    if (MD && Op->getNumArgs() >= 1 && isSame(Op->getArg(0), Child)) {
      if (isWritingMethodDecl(MD))
        return Op;
      if (api::isFreshTensorOp(nameOf(MD)))
        return nullptr;
      return Continue(Op, Op->getType());
    }
    if (MD && api::isTensorType(Op->getArg(0)->getType()))
      return nullptr; // the right operand of a tensor's operator is read
    const FunctionDecl *FD = Op->getDirectCallee();
    if (MD || !isLibraryNamespaceFunction(FD) ||
        api::isTensorWritingFunction(nameOf(FD)))
      return Op;
    if (api::isFreshTensorOp(nameOf(FD)))
      return nullptr;
    return Continue(Op, Op->getType());
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!isLibraryNamespaceFunction(FD) ||
        api::isTensorWritingFunction(nameOf(FD)) ||
        isStdFunction(FD, {"move", "forward", "swap", "ref", "exchange"}))
      return Call;
    // Library functions taking a non-const reference may write it.
    for (unsigned I = 0; I < Call->getNumArgs() && I < FD->getNumParams(); ++I)
      if (isSame(Call->getArg(I), Child)) {
        QualType PT = FD->getParamDecl(I)->getType();
        if (PT->isReferenceType() && !PT.getNonReferenceType().isConstQualified())
          return Call;
      }
    if (api::isFreshTensorOp(nameOf(FD)))
      return nullptr;
    return Continue(Call, Call->getType());
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
    // Copy into a by-value argument or a temporary keeps the same storage.
    if (CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor() &&
        !declaredBy(CE, Ctx))
      return tensorValueWrite(CE, Ctx, Depth + 1);
    return CE; // stored into a variable or an object: an alias we lose
  }
  // Anything else (a return, an initializer, a conditional) keeps an alias
  // that we stop following.
  const auto *PE = dyn_cast<Expr>(P);
  return PE ? PE : E;
}

const Expr *findTensorWriteOrAlias(const VarDecl &Var, const Stmt &Scope,
                                   ASTContext &Ctx) {
  if (const Stmt *S = findEscape(Var, Scope, Ctx))
    return dyn_cast<Expr>(S) ? cast<Expr>(S) : referencesTo(Var, Scope, Ctx).front();
  for (const DeclRefExpr *Ref : referencesTo(Var, Scope, Ctx))
    if (const Expr *W = tensorValueWrite(Ref, Ctx, 0))
      return W;
  return nullptr;
}

const Expr *findTensorWriteFrom(const Expr &E, ASTContext &Ctx) {
  return tensorValueWrite(&E, Ctx, 0);
}

namespace {
class AnyTensorWrite : public RecursiveASTVisitor<AnyTensorWrite> {
public:
  const Expr *Found = nullptr;
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      if (api::isTensorType(MC->getObjectType()) &&
          isWritingMethodDecl(MC->getMethodDecl()))
        return record(Call);
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
      if (MD && Op->getNumArgs() >= 1 &&
          api::isTensorType(Op->getArg(0)->getType()) && isWritingMethodDecl(MD))
        return record(Call);
    }
    bool HasTensorArg = false;
    for (const Expr *A : Call->arguments())
      HasTensorArg |= api::isTensorType(A->getType());
    if (!HasTensorArg)
      return true;
    if (!isLibraryNamespaceFunction(FD) ||
        api::isTensorWritingFunction(nameOf(FD)))
      return record(Call);
    return true;
  }

private:
  bool record(const Expr *E) {
    Found = E;
    return false;
  }
};
} // namespace

const Expr *findAnyTensorWrite(const Stmt &Root, ASTContext &Ctx) {
  AnyTensorWrite V;
  V.TraverseStmt(const_cast<Stmt *>(&Root));
  return V.Found;
}

static bool isStdClass(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->isInStdNamespace();
}

/// One step from an element access (`v[i]`, `a[i]` of a local array,
/// `v.at(i)`, `front()`, `back()`, a const getter returning a const
/// reference) to the object it reads; nullptr when `E` is none of them.
static const Expr *elementBase(const Expr *E) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
                   isStdClass(Op->getArg(0)->getType())
               ? Op->getArg(0)
               : nullptr;
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    // Only arrays, not pointers: a pointer's target is not its variable.
    const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
    return Base->getType()->isArrayType() ? Base : nullptr;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!MD || !Object || !MD->getReturnType()->isReferenceType())
      return nullptr;
    bool Element = MD->getIdentifier() && isStdClass(Object->getType()) &&
                   llvm::is_contained({"at", "front", "back"}, MD->getName());
    bool Getter = MD->isConst() && MD->getNumParams() == 0 && !MD->isVirtual() &&
                  MD->getReturnType()->getPointeeType().isConstQualified();
    return Element || Getter ? Object : nullptr;
  }
  return nullptr;
}

static const VarDecl *rootVariableOf(const Expr *E, bool ThroughElements) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (!isa<FieldDecl>(ME->getMemberDecl()))
        return nullptr;
      E = ME->getBase();
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      return VD && VD->hasLocalStorage() ? VD : nullptr;
    }
    if (!ThroughElements || !(E = elementBase(E)))
      return nullptr;
  }
}

const VarDecl *rootVariable(const Expr *E) { return rootVariableOf(E, false); }

const VarDecl *rootVariableThroughElements(const Expr *E) {
  return rootVariableOf(E, true);
}

llvm::SmallVector<const Stmt *, 8> liveRangeAfter(const Stmt &DeclS,
                                                  ASTContext &Ctx) {
  llvm::SmallVector<const Stmt *, 8> Out;
  DynTypedNodeList Parents = Ctx.getParents(DeclS);
  if (Parents.empty())
    return Out;
  if (const auto *CS = Parents[0].get<CompoundStmt>()) {
    bool After = false;
    for (const Stmt *S : CS->body()) {
      if (After)
        Out.push_back(S);
      if (S == &DeclS)
        After = true;
    }
    return Out;
  }
  if (const auto *S = Parents[0].get<Stmt>())
    Out.push_back(S);
  return Out;
}

const ReferenceIndex::Entry &ReferenceIndex::of(const Stmt &Body) {
  auto [It, Inserted] = Cache.try_emplace(&Body);
  if (Inserted) {
    struct Indexer : RecursiveASTVisitor<Indexer> {
      Entry &E;
      explicit Indexer(Entry &E) : E(E) {}
      bool shouldVisitLambdaBody() const { return true; }
      bool VisitDeclRefExpr(DeclRefExpr *DRE) {
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          E.Refs[VD].push_back(DRE);
        return true;
      }
      bool VisitLambdaExpr(LambdaExpr *L) {
        for (const LambdaCapture &C : L->captures())
          if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
            if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
              E.CapturedByRef.insert(VD);
        return true;
      }
    };
    It->second = std::make_unique<Entry>();
    Indexer(*It->second).TraverseStmt(const_cast<Stmt *>(&Body));
  }
  return *It->second;
}

llvm::SmallVector<const Stmt *, 8>
liveRangeUntilLastReference(const Stmt &DeclS,
                            llvm::ArrayRef<const DeclRefExpr *> Refs,
                            ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(DeclS);
  const auto *CS = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  if (!CS)
    return liveRangeAfter(DeclS, Ctx);
  // The statement of the compound that holds the last reference, found by
  // climbing from each reference and comparing where they start: the cost
  // is the references' depth, not the block's length.
  const SourceManager &SM = Ctx.getSourceManager();
  const Stmt *Last = nullptr;
  SourceLocation LastLoc;
  for (const DeclRefExpr *R : Refs) {
    const Stmt *S = R;
    for (unsigned Steps = 0; S && Steps < 256; ++Steps) {
      DynTypedNodeList Ps = Ctx.getParents(*S);
      const Stmt *P = Ps.empty() ? nullptr : Ps[0].get<Stmt>();
      if (P == CS)
        break;
      S = P;
    }
    if (!S || S == &DeclS)
      continue;
    SourceLocation L = SM.getExpansionLoc(S->getBeginLoc());
    if (!Last || SM.isBeforeInTranslationUnit(LastLoc, L)) {
      Last = S;
      LastLoc = L;
    }
  }
  llvm::SmallVector<const Stmt *, 8> Out = liveRangeAfter(DeclS, Ctx);
  // Not after the declaration: unsure, all of it.
  if (const Stmt *const *It = llvm::find(Out, Last); It != Out.end())
    Out.erase(It + 1, Out.end());
  return Out;
}

/// A declaration in `S` of a non-const reference bound to `Var`
/// (`auto &r = v;`): writes through it may come in later statements, which
/// a query per statement does not connect to `Var`.
static const Stmt *nonConstReferenceTo(const VarDecl &Var, const Stmt &S) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl &Var;
    const Stmt *Found = nullptr;
    explicit Finder(const VarDecl &V) : Var(V) {}
    bool VisitDeclStmt(DeclStmt *DS) {
      for (const Decl *D : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(D);
        if (!VD || !VD->getType()->isReferenceType() ||
            VD->getType().getNonReferenceType().isConstQualified() ||
            !VD->getInit())
          continue;
        const auto *DRE =
            dyn_cast<DeclRefExpr>(VD->getInit()->IgnoreParenImpCasts());
        if (DRE && DRE->getDecl() == &Var)
          Found = DS;
      }
      return !Found;
    }
  } F(Var);
  F.TraverseStmt(const_cast<Stmt *>(&S));
  return F.Found;
}

const Stmt *firstWriteIn(const VarDecl &Var, llvm::ArrayRef<const Stmt *> Range,
                         ASTContext &Ctx) {
  for (const Stmt *S : Range) {
    if (const Stmt *M = findWrite(Var, *S, Ctx))
      return M;
    // No non-const reference binds to a const object without a cast, which
    // findWrite has looked for.
    if (Range.size() > 1 && !isConstObject(Var))
      if (const Stmt *Alias = nonConstReferenceTo(Var, *S))
        return Alias;
    if (Var.getType()->isPointerType()) {
      ExprMutationAnalyzer A(*S, Ctx);
      if (const Stmt *M = A.findPointeeMutation(&Var))
        return M;
    }
  }
  return nullptr;
}

const Stmt *firstEscapeIn(const VarDecl &Var,
                          llvm::ArrayRef<const Stmt *> Range, ASTContext &Ctx) {
  for (const Stmt *S : Range)
    if (const Stmt *E = findEscape(Var, *S, Ctx))
      return E;
  return nullptr;
}

const Stmt *enclosingFunctionBody(const VarDecl &Var) {
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(
          Var.getParentFunctionOrMethod()))
    return FD->getBody();
  return nullptr;
}

namespace {
struct ReadsOf : RecursiveASTVisitor<ReadsOf> {
  const VarDecl &Var;
  const llvm::SmallPtrSetImpl<const DeclRefExpr *> &Allowed;
  bool DecayIsRead;
  bool Ok = true;
  llvm::SmallPtrSet<const DeclRefExpr *, 8> Reads;
  ReadsOf(const VarDecl &V, const llvm::SmallPtrSetImpl<const DeclRefExpr *> &A, bool D)
      : Var(V), Allowed(A), DecayIsRead(D) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
    if (C->getCastKind() == CK_LValueToRValue ||
        (DecayIsRead && C->getCastKind() == CK_ArrayToPointerDecay))
      if (const auto *D = dyn_cast<DeclRefExpr>(C->getSubExpr()->IgnoreParens()))
        Reads.insert(D);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    // A cast is visited before its operand.
    if (D->getDecl() == &Var && !Reads.count(D) && !Allowed.count(D))
      Ok = false;
    return Ok;
  }
};
} // namespace

bool onlyReadsExcept(const VarDecl &Var, const Stmt &Scope,
                     const llvm::SmallPtrSetImpl<const DeclRefExpr *> &Allowed,
                     bool DecayIsRead) {
  ReadsOf R(Var, Allowed, DecayIsRead);
  R.TraverseStmt(const_cast<Stmt *>(&Scope));
  return R.Ok;
}

} // namespace sysopt
