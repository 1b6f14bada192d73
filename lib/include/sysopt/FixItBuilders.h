//===- FixItBuilders.h - edits shared by the checks -----------------------===//
//
// Each builder returns no edit (an empty vector) when it cannot guarantee a
// well-formed result, e.g. when the text to change comes from a macro.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_FIXITBUILDERS_H
#define SYSOPT_FIXITBUILDERS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include <vector>

namespace sysopt {

/// Turns `T v`, `auto v` or `const T v` into `const T &v` / `const auto &v`.
std::vector<clang::FixItHint> makeConstReference(const clang::VarDecl &Var,
                                                 const clang::ASTContext &Ctx);

/// The file text range of `R`, or an invalid range when it is not plain
/// text of one file (a macro that only renames a leading name is fine).
clang::CharSourceRange fileRange(clang::SourceRange R,
                                 const clang::ASTContext &Ctx);

/// Removes the statement `S` (an expression or a declaration) with its `;`,
/// and its line when
/// nothing else is on it.
std::vector<clang::FixItHint> removeStatement(const clang::Stmt &S,
                                              const clang::ASTContext &Ctx);

/// `'T'`: a type as the user wrote it, for a message, without
/// cv-qualifiers and without the "(aka ...)" a QualType argument adds.
std::string quotedTypeName(clang::QualType T, const clang::ASTContext &Ctx);

/// The source text of `E`, or "" when it is not plain file text.
std::string sourceText(const clang::Expr &E, const clang::ASTContext &Ctx);

/// The indentation to give a line inserted before the statement at `Loc`
/// (a file location): the indentation of `Loc`'s line.
std::string indentationAt(clang::SourceLocation Loc,
                          const clang::SourceManager &SM);

/// Whether every location of `R` is in the file, not in a macro.
bool isPlainFileRange(clang::SourceRange R, const clang::SourceManager &SM);

} // namespace sysopt

#endif
