#include "sysopt/FixItBuilders.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace sysopt {

bool isPlainFileRange(SourceRange R, const SourceManager &SM) {
  return R.isValid() && R.getBegin().isFileID() && R.getEnd().isFileID() &&
         SM.getFileID(R.getBegin()) == SM.getFileID(R.getEnd());
}

std::vector<FixItHint> makeConstReference(const VarDecl &Var,
                                          const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const TypeSourceInfo *TSI = Var.getTypeSourceInfo();
  if (!TSI || Var.isConstexpr())
    return {};
  TypeLoc TL = TSI->getTypeLoc();
  SourceRange TypeRange = TL.getSourceRange();
  SourceLocation NameLoc = Var.getLocation();
  if (!isPlainFileRange(TypeRange, SM) || !NameLoc.isFileID() ||
      !isPlainFileRange(Var.getSourceRange(), SM))
    return {};
  // The declarator must be `Type name`: no arrays, function pointers or
  // other declarator pieces between the type and the name.
  if (TL.getAs<ArrayTypeLoc>() || TL.getAs<PointerTypeLoc>() ||
      TL.getAs<ReferenceTypeLoc>())
    return {};
  std::vector<FixItHint> Fixes;
  if (!Var.getType().isLocalConstQualified())
    Fixes.push_back(FixItHint::CreateInsertion(Var.getTypeSpecStartLoc(),
                                               "const "));
  Fixes.push_back(FixItHint::CreateInsertion(NameLoc, "&"));
  return Fixes;
}

std::vector<FixItHint> removeStatementBefore(const Stmt &S, const Stmt &Next,
                                             const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange R(S.getBeginLoc(), Next.getBeginLoc());
  if (!isPlainFileRange(R, SM) || !isPlainFileRange(S.getSourceRange(), SM))
    return {};
  return {FixItHint::CreateRemoval(CharSourceRange::getCharRange(R))};
}

std::string sourceText(const Expr &E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (!isPlainFileRange(E.getSourceRange(), SM))
    return "";
  return Lexer::getSourceText(
             CharSourceRange::getTokenRange(E.getSourceRange()), SM,
             Ctx.getLangOpts())
      .str();
}

} // namespace sysopt
