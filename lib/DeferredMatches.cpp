//===- DeferredMatches.cpp ------------------------------------------------===//
#include "sysopt/DeferredMatches.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"

using namespace clang;

namespace sysopt {

void DeferredMatches::add(const MatchResult &Result) {
  Ctx = Result.Context;
  Matches.push_back(Result.Nodes);
}

void DeferredMatches::replay(
    UserCodeFilter &UserCode,
    llvm::function_ref<void(const MatchResult &)> Analyze,
    llvm::function_ref<void(ASTContext &)> Finally) {
  if (!Ctx) {
    Matches.clear();
    return;
  }
  ASTContext &Context = *Ctx;
  std::vector<ast_matchers::BoundNodes> Pending;
  Pending.swap(Matches);
  Ctx = nullptr;

  // Limit the scope only when it is the whole translation unit: a host that
  // limited it already (clangd: the main file's declarations, with the
  // headers in a preamble that listing the TU's declarations would load)
  // keeps its own.
  std::vector<Decl *> Saved(Context.getTraversalScope().begin(),
                            Context.getTraversalScope().end());
  bool Limit = Saved.size() == 1 && isa<TranslationUnitDecl>(Saved.front());
  if (Limit) {
    std::vector<Decl *> UserDecls;
    const SourceManager &SM = Context.getSourceManager();
    for (Decl *D : Context.getTranslationUnitDecl()->decls())
      if (D->getLocation().isValid() &&
          !SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())) &&
          UserCode.isUserCode(D->getLocation(), SM))
        UserDecls.push_back(D);
    Context.setTraversalScope(UserDecls);
  }
  for (const ast_matchers::BoundNodes &Nodes : Pending)
    Analyze(MatchResult(Nodes, &Context));
  if (Finally)
    Finally(Context);
  if (Limit)
    Context.setTraversalScope(Saved);
}

const FunctionDecl *enclosingCallable(const Stmt &S, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(S);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const auto *FD = P.get<FunctionDecl>())
      return FD;
    if (const auto *Lambda = P.get<LambdaExpr>())
      return Lambda->getCallOperator();
    if (P.get<BlockDecl>())
      return nullptr;
    Parents = Ctx.getParents(P);
  }
  return nullptr;
}

} // namespace sysopt
