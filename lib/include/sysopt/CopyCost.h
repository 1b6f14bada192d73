//===- CopyCost.h - is copying a value of this type expensive? ------------===//
//
// The copy-cost model shared by every check that talks about copies. It
// answers Cheap, Expensive or Unknown; checks act on Expensive only, so any
// doubt keeps them silent.
//
//   1. dependent, incomplete or otherwise unknowable types: Unknown;
//   2. AllowedTypes (user regexes): Unknown, never reported;
//   3. handles and views (at::Tensor, shared_ptr, string_view, span, ...) and
//      the user's CheapTypes: Cheap;
//   4. owning containers and strings (std::vector, std::string, maps, ...) and
//      the user's ExpensiveTypes: Expensive;
//   5. trivially copyable types: Expensive when larger than SizeThreshold
//      bytes, else Cheap;
//   6. wrappers (std::optional, pair, tuple, variant): the worst of their
//      arguments;
//   7. other classes with an implicit copy constructor (aggregates, message
//      structs): Expensive if a base or field is Expensive, Cheap if all are
//      Cheap; a user-provided copy constructor makes the type Unknown (it may
//      be a reference-counted handle).
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_COPYCOST_H
#define SYSOPT_COPYCOST_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Regex.h"
#include <string>
#include <vector>

namespace sysopt {

enum class CopyCost { Cheap, Expensive, Unknown };

struct CopyCostOptions {
  /// Semicolon-separated regexes matched against the fully qualified type name
  /// (without cv-qualifiers, template arguments included), anchored on both
  /// ends.
  std::string ExpensiveTypes;
  std::string CheapTypes;
  std::string AllowedTypes;
  /// Trivially copyable types strictly larger than this many bytes count as
  /// expensive.
  unsigned SizeThreshold = 256;
};

class CopyCostModel {
public:
  explicit CopyCostModel(const CopyCostOptions &Opts);

  CopyCost classify(clang::QualType T, const clang::ASTContext &Ctx);

  /// Invalid user regexes, for the check to report once.
  const std::vector<std::string> &errors() const { return Errors; }

  /// The built-in lists, documented in docs/checks/.
  static llvm::ArrayRef<llvm::StringRef> builtinCheapTypes();
  static llvm::ArrayRef<llvm::StringRef> builtinExpensiveTypes();

private:
  CopyCost classifyUncached(clang::QualType T, const clang::ASTContext &Ctx,
                            unsigned Depth);
  CopyCost classifyRecord(const clang::CXXRecordDecl *RD,
                          const clang::ASTContext &Ctx, unsigned Depth);
  CopyCost classifyImpl(clang::QualType T, const clang::ASTContext &Ctx,
                        unsigned Depth);

  std::vector<llvm::Regex> UserExpensive, UserCheap, Allowed, Expensive, Cheap;
  std::vector<std::string> Errors;
  unsigned SizeThreshold;
  llvm::DenseMap<const clang::Type *, CopyCost> Cache;
};

/// Splits "a;b;c" into trimmed, non-empty parts.
std::vector<std::string> splitList(llvm::StringRef List);

} // namespace sysopt

#endif
