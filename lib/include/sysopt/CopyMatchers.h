//===- CopyMatchers.h - the local copies the copy checks start from -------===//
//
// sysopt-redundant-copy and sysopt-missing-cow look at the same two shapes
// of local copy and decide differently about them (never written vs written
// on some paths). Both use no parent relation (see DeferredMatches.h).
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_COPYMATCHERS_H
#define SYSOPT_COPYMATCHERS_H

#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringRef.h"

namespace sysopt {

/// `T copy = source;` outside system headers: a single local (not a
/// parameter, not a reference) copy-constructed from an lvalue. Binds the
/// DeclStmt to `DeclId`, the variable to `CopyId`, the source to `SourceId`.
/// Range-for variables match too: callers skip `isCXXForRangeDecl()`.
clang::ast_matchers::StatementMatcher
localCopyDecl(llvm::StringRef DeclId, llvm::StringRef CopyId,
              llvm::StringRef SourceId);

/// `auto y = x.clone();` of a libtorch tensor outside system headers. Binds
/// the DeclStmt to `DeclId`, the variable to `CopyId`, the call to `CloneId`.
clang::ast_matchers::StatementMatcher
localTensorCloneDecl(llvm::StringRef DeclId, llvm::StringRef CopyId,
                     llvm::StringRef CloneId);

} // namespace sysopt

#endif
