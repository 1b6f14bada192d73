//===- LastUse.cpp - is this the last use of a local variable? ------------===//
#include "sysopt/LastUse.h"
#include "sysopt/DeferredMatches.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace sysopt {

namespace {

/// The parent that evaluates a node: an initializer of a braced list has
/// the list's other form as a parent too, and only the conversions and
/// constructions applied to it show what happens to it.
const DynTypedNode *evaluatingParent(const DynTypedNodeList &Parents) {
  for (const DynTypedNode &P : Parents) {
    const auto *ILE = P.get<InitListExpr>();
    if (!ILE)
      return &P;
  }
  return Parents.empty() ? nullptr : &Parents[0];
}

/// The parent of `E`, through parentheses and the implicit nodes that keep
/// the same object (not through lvalue-to-rvalue conversions, which read a
/// value out of it); `Child` receives the last node looked through.
const DynTypedNode *objectParent(const Expr *E, ASTContext &Ctx,
                                 const Expr *&Child,
                                 DynTypedNodeList &Storage) {
  Child = E;
  while (true) {
    Storage = Ctx.getParents(*Child);
    const DynTypedNode *PN = evaluatingParent(Storage);
    if (!PN)
      return nullptr;
    const auto *P = PN->get<Expr>();
    if (P && (isa<ParenExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                  ExprWithCleanups, ConstantExpr>(P) ||
              (isa<ImplicitCastExpr>(P) &&
               cast<ImplicitCastExpr>(P)->getCastKind() != CK_LValueToRValue))) {
      Child = P;
      continue;
    }
    return PN;
  }
}

/// A value that can keep pointing into an object: references (glvalues),
/// pointers, and trivially destructible classes (iterators, views, spans,
/// reference wrappers). Classes that own or share what they hold have a
/// destructor.
bool carriesStorage(const Expr &E) {
  if (E.isGLValue())
    return true;
  QualType T = E.getType();
  if (T->isPointerType() || T->isReferenceType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && RD->hasTrivialDestructor();
}

/// Whether the record `T` owns its contents (a destructor that releases
/// them): what constructing one from parts of a variable copies.
bool isOwningRecord(QualType T) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && !RD->hasTrivialDestructor();
}

/// Whether the value `Ref` (a reference to the variable) starts can keep the
/// variable reachable after its full expression: followed up through the
/// parts of the object (members, elements, data(), iterators) to where it
/// is consumed.
bool keepsReachable(const DeclRefExpr &Ref, ASTContext &Ctx) {
  const Expr *Cur = &Ref;
  DynTypedNodeList Storage = Ctx.getParents(Ref);
  for (unsigned Steps = 0; Steps < 16; ++Steps) {
    const Expr *Child = nullptr;
    const DynTypedNode *PN = objectParent(Cur, Ctx, Child, Storage);
    if (!PN)
      return false;
    // The initializer of a declaration binds it: a reference, a pointer or
    // an iterator (a copy of an owning class has a constructor in between).
    if (const auto *D = PN->get<VarDecl>())
      return D->getType()->isReferenceType() || carriesStorage(*Child);
    if (PN->get<LambdaExpr>())
      return false; // a capture by copy
    const auto *P = PN->get<Stmt>();
    if (!P)
      return true; // a field initializer, a default argument: unsure
    auto Continue = [&](const Expr *Next) {
      if (!carriesStorage(*Next))
        return false;
      Cur = Next;
      return true;
    };
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (isa<FieldDecl>(ME->getMemberDecl())) {
        if (!Continue(ME))
          return false;
        continue;
      }
      const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(
          Ctx.getParents(*ME).empty() ? nullptr
                                      : Ctx.getParents(*ME)[0].get<Expr>());
      if (!MC)
        return true;
      if (!Continue(MC))
        return false;
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      bool IsObject = Op->getNumArgs() > 0 &&
                      Op->getArg(0)->IgnoreParenImpCasts() ==
                          Child->IgnoreParenImpCasts();
      if (Op->getOperator() == OO_Equal && IsObject) {
        // `v = x;` as a statement: the result is dropped.
        const Stmt *Top = Op;
        DynTypedNodeList Ps = Ctx.getParents(*Top);
        while (!Ps.empty() && Ps[0].get<ExprWithCleanups>()) {
          Top = Ps[0].get<ExprWithCleanups>();
          Ps = Ctx.getParents(*Top);
        }
        const auto *Parent = Ps.empty() ? nullptr : Ps[0].get<Stmt>();
        return !Parent || isa<Expr>(Parent);
      }
      if (!Continue(Op))
        return false;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() != UO_AddrOf && UO->getOpcode() != UO_Deref)
        return false;
      if (!Continue(UO))
        return false;
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P)) {
      if (!Continue(AS))
        return false;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      // Storing a pointer or an iterator into the object elsewhere.
      if (BO->isAssignmentOp())
        return BO->getRHS()->IgnoreParenImpCasts() == Child->IgnoreParenImpCasts();
      if (BO->isAdditiveOp() && BO->getType()->isPointerType()) {
        Cur = BO;
        continue;
      }
      return false;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      // A copy of an owning class copies the contents; a copy of an
      // iterator keeps pointing.
      if (Ctor->isCopyOrMoveConstructor()) {
        if (isOwningRecord(CE->getType()))
          return false;
        Cur = CE;
        continue;
      }
      // Built from parts of it: owning containers copy; a view or a
      // converted iterator (`const_iterator` from `end()`) keeps pointing,
      // followed like the part it is built from.
      if (isOwningRecord(CE->getType()))
        return false;
      Cur = CE;
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      // Passed to a call: the call is assumed not to keep it, but what it
      // returns may point into it (std::find, std::max of references).
      if (Call->getCallee()->IgnoreParenImpCasts() == Child->IgnoreParenImpCasts())
        return false;
      if (!Continue(Call))
        return false;
      continue;
    }
    if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, InitListExpr>(P))
      return carriesStorage(*Child);
    return false;
  }
  return true;
}

/// The reference to the variable a member path (`v`, `v.a.b`) is rooted at.
const DeclRefExpr *pathRoot(const Expr &Use) {
  const Expr *E = Use.IgnoreParenImpCasts();
  while (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow() || !isa<FieldDecl>(ME->getMemberDecl()))
      return nullptr;
    E = ME->getBase()->IgnoreParenImpCasts();
  }
  return dyn_cast<DeclRefExpr>(E);
}

/// Whether `Inner` lies inside `Outer` (or is it).
bool isWithin(const Stmt &Outer, const Stmt &Inner, ASTContext &Ctx) {
  const Stmt *S = &Inner;
  for (unsigned Steps = 0; S && Steps < 256; ++Steps) {
    if (S == &Outer)
      return true;
    DynTypedNodeList Ps = Ctx.getParents(*S);
    S = Ps.empty() ? nullptr : Ps[0].get<Stmt>();
  }
  return false;
}

/// `Ref` is the whole left side of an assignment whose right side does not
/// read the variable: the old value is dead from there on.
bool isWholeAssignment(const DeclRefExpr &Ref, const VarDecl &Var,
                       ASTContext &Ctx) {
  const Expr *Child = nullptr;
  DynTypedNodeList Storage = Ctx.getParents(Ref);
  const DynTypedNode *PN = objectParent(&Ref, Ctx, Child, Storage);
  const Expr *RHS = nullptr;
  if (const auto *BO = PN ? PN->get<BinaryOperator>() : nullptr) {
    if (BO->getOpcode() == BO_Assign && BO->getLHS()->IgnoreParenImpCasts() == &Ref)
      RHS = BO->getRHS();
  } else if (const auto *Op = PN ? PN->get<CXXOperatorCallExpr>() : nullptr) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Op->getArg(0)->IgnoreParenImpCasts() == &Ref)
      RHS = Op->getArg(1);
  }
  return RHS && referencesTo(Var, *RHS, Ctx).empty();
}

} // namespace

bool isCheaperToMove(QualType T, bool Assign) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->isTriviallyCopyable())
    return false;
  if (Assign) {
    if (RD->needsImplicitMoveAssignment())
      return true;
    for (const CXXMethodDecl *M : RD->methods())
      if (M->isMoveAssignmentOperator() && !M->isDeleted())
        return !M->isTrivial();
    return false;
  }
  if (RD->needsImplicitMoveConstructor())
    return true;
  for (const CXXConstructorDecl *C : RD->ctors())
    if (C->isMoveConstructor() && !C->isDeleted())
      return !C->isTrivial();
  return false;
}

bool hasRvalueOverload(const FunctionDecl &Fn, unsigned Index) {
  // A function template's specialization is compared through the
  // templates' own declarations: template parameters are canonical by depth
  // and position, so `const std::vector<T> &` and `std::vector<T> &&` of two
  // templates compare equal.
  const FunctionDecl *Pattern = &Fn;
  if (const FunctionTemplateDecl *T = Fn.getPrimaryTemplate())
    Pattern = T->getTemplatedDecl();
  if (Index >= Pattern->getNumParams() || !Pattern->getDeclName())
    return false;
  QualType P = Pattern->getParamDecl(Index)->getType();
  if (!P->isLValueReferenceType() || !P->getPointeeType().isConstQualified())
    return false;
  QualType Pointee = P->getPointeeType().getUnqualifiedType().getCanonicalType();
  const DeclContext *DC = Pattern->getDeclContext()->getRedeclContext();
  for (const NamedDecl *ND : DC->lookup(Pattern->getDeclName())) {
    const FunctionDecl *G = nullptr;
    if (isa<CXXConstructorDecl>(Pattern) && isa<FunctionTemplateDecl>(ND)) {
      G = cast<FunctionTemplateDecl>(ND)->getTemplatedDecl();
    } else if (Pattern != &Fn) {
      if (const auto *GT = dyn_cast<FunctionTemplateDecl>(ND))
        G = GT->getTemplatedDecl();
    } else {
      G = dyn_cast<FunctionDecl>(ND);
    }
    if (!G || G->getCanonicalDecl() == Pattern->getCanonicalDecl() ||
        G->getNumParams() != Pattern->getNumParams() || G->isDeleted())
      continue;
    if (const auto *GM = dyn_cast<CXXMethodDecl>(G)) {
      const auto *FM = dyn_cast<CXXMethodDecl>(Pattern);
      if (!FM || GM->isConst() != FM->isConst() ||
          GM->getRefQualifier() != FM->getRefQualifier())
        continue;
    }
    bool Same = true;
    // A constructor template taking `U &&` there (std::pair's, std::tuple's,
    // std::optional's) takes the rvalue too; other parameters may be
    // templated alike.
    if (const auto *GT = G->getDescribedFunctionTemplate();
        GT && isa<CXXConstructorDecl>(G)) {
      QualType Q = G->getParamDecl(Index)->getType();
      if (Q->isRValueReferenceType() &&
          Q->getPointeeType()->getAs<TemplateTypeParmType>() &&
          !Q->getPointeeType().hasQualifiers())
        return true;
      continue;
    }
    for (unsigned I = 0; I < G->getNumParams() && Same; ++I) {
      QualType Q = G->getParamDecl(I)->getType().getCanonicalType();
      if (I == Index)
        Same = Q->isRValueReferenceType() &&
               Q->getPointeeType().getCanonicalType() == Pointee;
      else
        Same = Q == Pattern->getParamDecl(I)->getType().getCanonicalType();
    }
    if (Same)
      return true;
  }
  return false;
}

const LastUseAnalysis::Graph *
LastUseAnalysis::graphFor(const FunctionDecl &Fn, ASTContext &Ctx) {
  auto [It, Inserted] = Graphs.try_emplace(&Fn);
  if (Inserted) {
    CFG::BuildOptions Opts;
    // Every expression an element of its own, in evaluation order.
    Opts.setAllAlwaysAdd();
    auto G = std::make_unique<Graph>();
    G->G = CFG::buildCFG(&Fn, Fn.getBody(), &Ctx, Opts);
    if (G->G) {
      for (const CFGBlock *B : *G->G)
        for (unsigned I = 0; I < B->size(); ++I)
          if (std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>()) {
            const Stmt *St = S->getStmt();
            G->Position.try_emplace(St, B, I);
            if (const auto *DS = dyn_cast<DeclStmt>(St)) {
              for (const Decl *D : DS->decls())
                if (const auto *VD = dyn_cast<VarDecl>(D))
                  G->Declared[VD].push_back({B, I});
            } else if (const auto *L = dyn_cast<LambdaExpr>(St)) {
              for (const LambdaCapture &C : L->captures())
                if (C.capturesVariable() && C.getCaptureKind() != LCK_ByRef)
                  if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
                    G->CapturedByCopy[VD].push_back({B, I});
            }
          }
    }
    It->second = std::move(G);
  }
  return It->second->G ? It->second.get() : nullptr;
}

bool LastUseAnalysis::isLastUse(const VarDecl &Var, const Expr &Use,
                                ASTContext &Ctx) {
  QualType T = Var.getType();
  if (!Var.hasLocalStorage() || Var.isStaticLocal() || T->isReferenceType() ||
      T.isConstQualified() || T.isVolatileQualified() ||
      Var.isExceptionVariable() || Var.isInitCapture() ||
      isa<DecompositionDecl>(Var))
    return false;
  const DeclRefExpr *Ref = pathRoot(Use);
  if (!Ref || Ref->getDecl() != &Var)
    return false;
  // Moving a member out of an object whose destructor the user wrote: the
  // destructor may read it.
  if (Ref != Use.IgnoreParenImpCasts())
    if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
        !RD || !RD->hasDefinition() ||
        (RD->getDestructor() && RD->getDestructor()->isUserProvided()))
      return false;
  const FunctionDecl *Fn = enclosingCallable(*Ref, Ctx);
  const Stmt *Body = Fn ? Fn->getBody() : nullptr;
  if (!Body || isa<CoroutineBodyStmt>(Body) || Var.getDeclContext() != Fn)
    return false;

  // In a try block an exception after the move may reach a handler that
  // reads the variable; the graph has no such edges. The full expression
  // must not read the variable elsewhere (unsequenced with the move).
  const Stmt *FullExpr = Ref;
  bool InFullExpr = true;
  for (DynTypedNodeList Ps = Ctx.getParents(*Ref); !Ps.empty();) {
    const auto *S = Ps[0].get<Stmt>();
    if (!S || S == Body)
      break;
    if (isa<CXXTryStmt>(S))
      return false;
    if (InFullExpr && isa<Expr>(S))
      FullExpr = S;
    else
      InFullExpr = false;
    Ps = Ctx.getParents(*S);
  }
  const Graph *G = graphFor(*Fn, Ctx);
  if (!G)
    return false;
  const ReferenceIndex::Entry &Index = References.of(*Body);
  llvm::ArrayRef<const DeclRefExpr *> Refs = Index.refsTo(Var);
  // Another name may reach it: a by-reference capture, or a reference,
  // pointer, iterator or view made from it. Calls that take it by
  // reference are assumed not to keep the reference (bugprone-use-after-move
  // assumes the same).
  if (Index.CapturedByRef.count(&Var))
    return false;
  unsigned InFull = 0;
  for (const DeclRefExpr *R : Refs) {
    if (keepsReachable(*R, Ctx))
      return false;
    if (R == Ref || isWithin(*FullExpr, *R, Ctx))
      ++InFull;
  }
  if (InFull != 1)
    return false;

  // Where a statement is evaluated: its own element, or that of the nearest
  // enclosing expression the graph keeps whole (aggregate initializers).
  auto PositionOf = [&](const Stmt *S) -> std::optional<Pos> {
    for (unsigned Steps = 0; S && Steps < 64; ++Steps) {
      auto It = G->Position.find(S);
      if (It != G->Position.end())
        return It->second;
      DynTypedNodeList Ps = Ctx.getParents(*S);
      S = Ps.empty() ? nullptr : Ps[0].get<Stmt>();
    }
    return std::nullopt;
  };
  // The events of each block, in order: another use reads the value; a
  // whole assignment or the variable's declaration (a loop body's own
  // variable) kills it; a lambda capturing it by copy reads it.
  enum class Step { Dead, Used };
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<std::pair<unsigned, Step>, 2>> Events;
  auto Record = [&](Pos P, Step St) { Events[P.first].push_back({P.second, St}); };
  for (const DeclRefExpr *R : Refs) {
    if (R == Ref)
      continue;
    std::optional<Pos> P = PositionOf(R);
    if (!P)
      return false; // a use the graph does not place: unsure
    Record(*P, isWholeAssignment(*R, Var, Ctx) ? Step::Dead : Step::Used);
  }
  if (auto It = G->Declared.find(&Var); It != G->Declared.end())
    for (Pos P : It->second)
      Record(P, Step::Dead);
  if (auto It = G->CapturedByCopy.find(&Var); It != G->CapturedByCopy.end())
    for (Pos P : It->second)
      Record(P, Step::Used);
  std::optional<Pos> Start = PositionOf(Ref);
  if (!Start)
    return false;
  // Reached again (a loop around the use), the use reads the moved-from
  // value.
  Record(*Start, Step::Used);
  for (auto &[B, List] : Events)
    llvm::sort(List, [](const auto &X, const auto &Y) {
      // At one element a use wins over a kill.
      return X.first < Y.first || (X.first == Y.first && X.second == Step::Used &&
                                   Y.second == Step::Dead);
    });

  // The first event of a block from `From` on: false when a use comes
  // first, true (with Dead set) when the value is killed first.
  auto Scan = [&](const CFGBlock *B, unsigned From, bool &Dead) {
    auto It = Events.find(B);
    if (It == Events.end())
      return true;
    for (const auto &[I, St] : It->second) {
      if (I < From)
        continue;
      if (St == Step::Used)
        return false;
      Dead = true;
      return true;
    }
    return true;
  };
  llvm::SmallVector<const CFGBlock *, 16> Work;
  llvm::DenseSet<const CFGBlock *> Seen;
  bool Dead = false;
  if (!Scan(Start->first, Start->second + 1, Dead))
    return false;
  if (!Dead)
    for (const CFGBlock *Succ : Start->first->succs())
      if (Succ)
        Work.push_back(Succ);
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (!Seen.insert(B).second)
      continue;
    Dead = false;
    if (!Scan(B, 0, Dead))
      return false;
    if (!Dead)
      for (const CFGBlock *Succ : B->succs())
        if (Succ)
          Work.push_back(Succ);
  }
  return true;
}

} // namespace sysopt
