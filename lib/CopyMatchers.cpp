//===- CopyMatchers.cpp ---------------------------------------------------===//
#include "sysopt/CopyMatchers.h"

using namespace clang::ast_matchers;

namespace sysopt {

namespace {
// Checked first, so that the rest of each matcher never runs on the (large)
// system headers.
auto inUserFiles() { return unless(isExpansionInSystemHeader()); }
auto isLocalValue() {
  return allOf(hasLocalStorage(), unless(parmVarDecl()),
               unless(hasType(referenceType())));
}
} // namespace

StatementMatcher localCopyDecl(llvm::StringRef DeclId, llvm::StringRef CopyId,
                               llvm::StringRef SourceId) {
  auto CopyConstructionFromLValue =
      cxxConstructExpr(argumentCountIs(1),
                       hasDeclaration(cxxConstructorDecl(isCopyConstructor())),
                       hasArgument(0, expr().bind(SourceId)));
  return declStmt(inUserFiles(),
                  hasSingleDecl(varDecl(isLocalValue(),
                                        hasInitializer(ignoringImplicit(
                                            CopyConstructionFromLValue)))
                                    .bind(CopyId)))
      .bind(DeclId);
}

StatementMatcher localTensorCloneDecl(llvm::StringRef DeclId,
                                      llvm::StringRef CopyId,
                                      llvm::StringRef CloneId) {
  auto TensorClass =
      cxxRecordDecl(hasAnyName("::at::Tensor", "::at::TensorBase"));
  auto Clone = cxxMemberCallExpr(
      callee(cxxMethodDecl(hasName("clone"), ofClass(TensorClass))));
  return declStmt(inUserFiles(),
                  hasSingleDecl(
                      varDecl(isLocalValue(),
                              hasInitializer(ignoringImplicit(
                                  ignoringElidableConstructorCall(
                                      ignoringImplicit(Clone.bind(CloneId))))))
                          .bind(CopyId)))
      .bind(DeclId);
}

} // namespace sysopt
