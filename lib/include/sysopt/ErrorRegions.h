//===- ErrorRegions.h - which functions clang's error recovery touched ----===//
//
// A translation unit with errors still gets findings, in the functions that
// hold no error. What the analysis sees inside a broken function is not to
// be trusted: clang's recovery drops statements and puts RecoveryExprs where
// calls failed, so a mutation may be missing and a copy may look unused.
//
// A function (with the lambdas and local classes inside it) is broken when
//  - an error diagnostic lies in its source range (the recorder wraps the
//    compiler's diagnostic client and forwards everything unchanged;
//    warnings that -Werror promotes do not count);
//  - it lies after a fatal error, past which clang reports nothing more;
//  - its body holds an expression with errors or an invalid declaration
//    (errors in a preamble that clangd does not show us).
// Everything else is analysed as in a clean translation unit.
//
// With SYSOPT_TIDY_COVERAGE set, the end of each translation unit prints one
// line to stderr for sysopt-scan: `sysopt-tidy: coverage: {json}` with the
// errors, how many lie in device-only functions, and the first error.
// With SYSOPT_TIDY_DEPENDENCIES=FILE, it appends every file the unit read to
// FILE, one absolute path per line (sysopt-scan's cache).
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_ERRORREGIONS_H
#define SYSOPT_ERRORREGIONS_H

namespace clang {
class ASTContext;
class Decl;
class Preprocessor;
class Stmt;
namespace ast_matchers {
class BoundNodes;
class MatchFinder;
} // namespace ast_matchers
} // namespace clang

namespace sysopt {

/// Starts recording the errors of the translation unit `PP` preprocesses.
/// Called by every check from registerPPCallbacks; records once.
void trackErrors(clang::Preprocessor &PP);

/// Lets the coverage line classify errors by function (registerMatchers).
void trackErrorContext(clang::ast_matchers::MatchFinder &Finder);

/// Whether the outermost function holding `D` (or `D` itself, outside any
/// function) is broken as above. Without a recorder (a host that never
/// called trackErrors): whether the translation unit has any error.
bool inBrokenCode(const clang::Decl &D, clang::ASTContext &Ctx);
bool inBrokenCode(const clang::Stmt &S, clang::ASTContext &Ctx);
/// Whether any declaration or statement of a match is in broken code.
bool inBrokenCode(const clang::ast_matchers::BoundNodes &Nodes,
                  clang::ASTContext &Ctx);

} // namespace sysopt

#endif
