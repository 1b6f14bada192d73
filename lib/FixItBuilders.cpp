#include "sysopt/FixItBuilders.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace sysopt {

bool isPlainFileRange(SourceRange R, const SourceManager &SM) {
  return R.isValid() && R.getBegin().isFileID() && R.getEnd().isFileID() &&
         SM.getFileID(R.getBegin()) == SM.getFileID(R.getEnd());
}

bool isTypeObserved(const VarDecl &Var) {
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(Var.getParentFunctionOrMethod());
  if (!Fn)
    return true;
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl &Var;
    unsigned InDecltype = 0;
    bool Found = false;
    Finder(const VarDecl &V) : Var(V) {}
    bool shouldVisitLambdaBody() const { return true; }
    bool shouldVisitImplicitCode() const { return true; }
    bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL, bool TraverseQualifier = true) {
      ++InDecltype;
      bool R = RecursiveASTVisitor::TraverseDecltypeTypeLoc(TL, TraverseQualifier);
      --InDecltype;
      return R;
    }
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      Found |= InDecltype && E->getDecl() == &Var;
      return !Found;
    }
    bool VisitVarDecl(VarDecl *D) {
      const auto *AT = D->getType()->getContainedAutoType();
      if (AT && AT->isDecltypeAuto() && D->getInit()) {
        const Expr *Init = D->getInit()->IgnoreImplicit();
        if (const auto *CE = dyn_cast<CXXConstructExpr>(Init); CE && CE->getNumArgs())
          Init = CE->getArg(0);
        if (const auto *Ref = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts()))
          Found |= Ref->getDecl() == &Var;
      }
      return !Found;
    }
  } F(Var);
  F.TraverseDecl(const_cast<FunctionDecl *>(Fn));
  return F.Found;
}

std::vector<FixItHint> makeConstReference(const VarDecl &Var,
                                          const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const TypeSourceInfo *TSI = Var.getTypeSourceInfo();
  if (!TSI || Var.isConstexpr() || isa<DecompositionDecl>(Var) ||
      Var.isParameterPack() || (!isa<ParmVarDecl>(Var) && !Var.hasLocalStorage()) ||
      Var.getTSCSpec() != TSCS_unspecified)
    return {};
  TypeLoc TL = TSI->getTypeLoc();
  // `decltype(auto) &` is ill-formed, and so is a deduced class template
  // behind a reference.
  QualType Declared = Var.getType();
  if (const auto *AT = Declared->getContainedAutoType())
    if (AT->isDecltypeAuto())
      return {};
  if (Declared->getContainedDeducedType() &&
      isa<DeducedTemplateSpecializationType>(Declared->getContainedDeducedType()))
    return {};
  if (TL.getAs<PackExpansionTypeLoc>() || isTypeObserved(Var))
    return {};
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
  // Expression statements end before their `;`, declarations after it,
  // compound statements (an `if` with braces) at their `}`.
  if (End == 0 || (Buffer[End - 1] != ';' && Buffer[End - 1] != '}')) {
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

bool isUnusedName(llvm::StringRef Name, ASTContext &Ctx) {
  IdentifierTable &Idents = Ctx.Idents;
  if (Idents.find(Name) != Idents.end())
    return false;
  // A precompiled preamble (clangd) loads its identifiers on demand.
  if (Idents.getExternalIdentifierLookup()) {
    IdentifierInfo &II = Idents.get(Name);
    if (II.isFromAST() || II.hadMacroDefinition() || II.isKeyword(Ctx.getLangOpts()))
      return false;
  }
  return true;
}

std::string reserveFreshName(llvm::StringRef Base, ASTContext &Ctx,
                             llvm::StringSet<> &Taken) {
  std::string Name = Base.str();
  for (unsigned I = 2; Taken.contains(Name) || !isUnusedName(Name, Ctx); ++I)
    Name = (Base + llvm::Twine(I)).str();
  Taken.insert(Name);
  return Name;
}

static bool scanText(CharSourceRange R, const ASTContext &Ctx, bool Macros,
                     llvm::ArrayRef<llvm::StringRef> AllowedMacros,
                     std::vector<std::string> *Comments) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange File = Lexer::makeFileCharRange(R, SM, Ctx.getLangOpts());
  if (File.isInvalid())
    return true;
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(File.getBegin()), &Invalid);
  if (Invalid)
    return true;
  unsigned Begin = SM.getFileOffset(File.getBegin());
  unsigned End = SM.getFileOffset(File.getEnd());
  if (End < Begin || End > Buffer.size())
    return true;
  Lexer Lex(SM.getLocForStartOfFile(SM.getFileID(File.getBegin())), Ctx.getLangOpts(),
            Buffer.begin(), Buffer.begin() + Begin, Buffer.begin() + End);
  Lex.SetCommentRetentionState(true);
  Token Tok;
  while (true) {
    Lex.LexFromRawLexer(Tok);
    // The raw lexer runs to the end of the buffer, not to `End`.
    if (Tok.is(tok::eof) || SM.getFileOffset(Tok.getLocation()) >= End)
      break;
    if (Tok.is(tok::comment) && Comments) {
      Comments->push_back(
          Buffer.substr(SM.getFileOffset(Tok.getLocation()), Tok.getLength()).str());
      continue;
    }
    if (Tok.is(tok::comment) || (Tok.is(tok::hash) && Tok.isAtStartOfLine()))
      return true;
    if (Macros && Tok.is(tok::raw_identifier)) {
      llvm::StringRef Spelling = Tok.getRawIdentifier();
      auto It = Ctx.Idents.find(Spelling);
      if (It != Ctx.Idents.end() && It->getValue()->hadMacroDefinition() &&
          !llvm::is_contained(AllowedMacros, Spelling))
        return true;
    }
  }
  return false;
}

bool hasHiddenText(CharSourceRange R, const ASTContext &Ctx,
                   llvm::ArrayRef<llvm::StringRef> AllowedMacros,
                   std::vector<std::string> *Comments) {
  return scanText(R, Ctx, /*Macros=*/true, AllowedMacros, Comments);
}

bool hasDirectiveOrComment(CharSourceRange R, const ASTContext &Ctx) {
  return scanText(R, Ctx, /*Macros=*/false, {}, nullptr);
}

bool followsPragma(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Loc), &Invalid);
  if (Invalid)
    return true;
  // The text before `Loc` back to the previous line with code.
  llvm::StringRef Before = Buffer.take_front(SM.getFileOffset(Loc)).rtrim();
  size_t LineStart = Before.rfind('\n');
  llvm::StringRef Line = LineStart == llvm::StringRef::npos
                             ? Before
                             : Before.drop_front(LineStart + 1);
  Line = Line.ltrim();
  return Line.starts_with("#") || Line.contains("_Pragma") ||
         Line.contains("__pragma");
}

bool hasDirectiveBetween(SourceLocation Begin, SourceLocation End,
                         const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  Begin = SM.getExpansionLoc(Begin);
  End = SM.getExpansionLoc(End);
  if (SM.getFileID(Begin) != SM.getFileID(End))
    return true;
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Begin), &Invalid);
  unsigned B = SM.getFileOffset(Begin), E = SM.getFileOffset(End);
  if (Invalid || E < B || E > Buffer.size())
    return true;
  // A `#` first on a line (after blanks), outside comments and literals is
  // close enough: a stray one only costs a fix.
  llvm::StringRef Text = Buffer.slice(B, E);
  bool LineStart = B == 0 || Buffer[B - 1] == '\n';
  for (char C : Text) {
    if (C == '\n') {
      LineStart = true;
      continue;
    }
    if (C == ' ' || C == '\t')
      continue;
    if (C == '#' && LineStart)
      return true;
    LineStart = false;
  }
  return false;
}

std::string quotedTypeName(QualType T, const ASTContext &Ctx) {
  return "'" + T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy()) + "'";
}

} // namespace sysopt
