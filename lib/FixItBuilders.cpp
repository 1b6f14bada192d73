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

CharSourceRange fileRange(SourceRange R, const ASTContext &Ctx) {
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R),
                                  Ctx.getSourceManager(), Ctx.getLangOpts());
}

std::vector<FixItHint> removeStatement(const Stmt &S, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // A macro that only renames the callee (cudaMemcpy -> cudaMemcpy_ptds)
  // still maps to plain file text; a statement inside a macro does not.
  CharSourceRange Range = fileRange(S.getSourceRange(), Ctx);
  if (Range.isInvalid())
    return {};
  SourceLocation EndOfStmt =
      Range.isTokenRange()
          ? Lexer::getLocForEndOfToken(Range.getEnd(), 0, SM, Ctx.getLangOpts())
          : Range.getEnd();
  if (EndOfStmt.isInvalid())
    return {};
  FileID File = SM.getFileID(EndOfStmt);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid)
    return {};
  unsigned Begin = SM.getFileOffset(Range.getBegin());
  unsigned End = SM.getFileOffset(EndOfStmt);
  // Expression statements end before their `;`, declarations after it.
  if (End == 0 || Buffer[End - 1] != ';') {
    while (End < Buffer.size() && (Buffer[End] == ' ' || Buffer[End] == '\t'))
      ++End;
    if (End >= Buffer.size() || Buffer[End] != ';')
      return {};
    ++End;
  }
  // Take the whole line when the statement is alone on it.
  unsigned LineStart = Begin;
  while (LineStart > 0 && (Buffer[LineStart - 1] == ' ' || Buffer[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = End;
  while (LineEnd < Buffer.size() && (Buffer[LineEnd] == ' ' || Buffer[LineEnd] == '\t'))
    ++LineEnd;
  // Remove "\n<indent>stmt;" rather than "<indent>stmt;\n": clang's fix-it
  // merging drops one more blank when a removal leaves two of them adjacent.
  if (LineStart > 0 && Buffer[LineStart - 1] == '\n' &&
      LineEnd < Buffer.size() && Buffer[LineEnd] == '\n') {
    Begin = LineStart - 1;
    End = LineEnd;
  }
  SourceLocation FileStart = SM.getLocForStartOfFile(File);
  return {FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(Begin), FileStart.getLocWithOffset(End)))};
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

std::string indentationAt(SourceLocation Loc, const SourceManager &SM) {
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Loc), &Invalid);
  if (Invalid)
    return "";
  unsigned LineStart = SM.getFileOffset(Loc);
  while (LineStart > 0 && Buffer[LineStart - 1] != '\n')
    --LineStart;
  unsigned End = LineStart;
  while (End < Buffer.size() && (Buffer[End] == ' ' || Buffer[End] == '\t'))
    ++End;
  return Buffer.substr(LineStart, End - LineStart).str();
}

std::string quotedTypeName(QualType T, const ASTContext &Ctx) {
  return "'" + T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy()) + "'";
}

} // namespace sysopt
