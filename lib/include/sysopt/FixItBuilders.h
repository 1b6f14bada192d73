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
#include "llvm/ADT/StringSet.h"
#include <vector>

namespace sysopt {

/// Turns `T v`, `auto v` or `const T v` into `const T &v` / `const auto &v`.
/// No edit for declarations whose type cannot become a reference that way:
/// `decltype(auto)`, class template argument deduction (`std::vector v =
/// w;`), structured bindings, packs, static or thread-local locals, and
/// types spelled by a macro.
std::vector<clang::FixItHint> makeConstReference(const clang::VarDecl &Var,
                                                 const clang::ASTContext &Ctx);

/// Whether the type of `Var` is observed by the code, so that making it a
/// reference changes a type elsewhere: `decltype(Var)` (in the function,
/// its signature, a lambda's parameters, a template argument), or a
/// `decltype(auto)` variable initialized from it.
bool isTypeObserved(const clang::VarDecl &Var);

/// Whether `Name` can be declared anywhere in this translation unit without
/// meeting another meaning of it: no token of this spelling was lexed (no
/// declaration, member, macro or keyword of that name, in any header) and
/// no earlier fix of this run took it.
bool isUnusedName(llvm::StringRef Name, clang::ASTContext &Ctx);

/// `Base`, or `Base2`, `Base3`, ... : the first unused name not in `Taken`
/// (the names earlier fixes of this run gave in the same function), added
/// to it.
std::string reserveFreshName(llvm::StringRef Base, clang::ASTContext &Ctx,
                             llvm::StringSet<> &Taken);

/// Whether the file text of `R` holds anything a replacement of it would
/// drop beyond the code itself: a preprocessor directive, a comment, or a
/// macro name other than those in `AllowedMacros` (whose text the
/// replacement keeps).
/// With `Comments`, comments are collected there (for the replacement to
/// keep) instead of counting as hidden text.
bool hasHiddenText(clang::CharSourceRange R, const clang::ASTContext &Ctx,
                   llvm::ArrayRef<llvm::StringRef> AllowedMacros = {},
                   std::vector<std::string> *Comments = nullptr);

/// Whether the file text of `R` holds a preprocessor directive or a
/// comment (for a replacement that keeps the text of every macro use).
bool hasDirectiveOrComment(clang::CharSourceRange R, const clang::ASTContext &Ctx);

/// Whether the statement at `Loc` follows a `#pragma` line (`omp parallel
/// for`, `unroll`): the pragma applies to it, so nothing may be inserted
/// before it, and it may not be replaced by another kind of statement.
bool followsPragma(clang::SourceLocation Loc, const clang::ASTContext &Ctx);

/// Whether the file text between `Begin` and `End` holds a preprocessor
/// directive: moving code across it changes what is compiled.
bool hasDirectiveBetween(clang::SourceLocation Begin, clang::SourceLocation End,
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
