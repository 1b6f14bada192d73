//===- Taxonomy.h - principles, methods and the [principle/method] tag ----===//
//
// The handbook's three principles and eight methods (docs/methods/). Every
// sysopt diagnostic names the fix it proposes through exactly one Tag, and the
// tag text is produced here and nowhere else.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_TAXONOMY_H
#define SYSOPT_TAXONOMY_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace sysopt {

enum class Principle { Removal, Replacement, Reordering };

enum class Method {
  Batching,
  Caching,
  Precomputation,
  Deferral,
  Relaxation,
  Contextualization,
  Specialization,
  Layering,
};

inline constexpr Principle AllPrinciples[] = {
    Principle::Removal, Principle::Replacement, Principle::Reordering};
inline constexpr Method AllMethods[] = {
    Method::Batching,       Method::Caching,           Method::Precomputation,
    Method::Deferral,       Method::Relaxation,        Method::Contextualization,
    Method::Specialization, Method::Layering};

/// The tag words used in diagnostics: "removal", "batching", ...
llvm::StringRef principleName(Principle P);
llvm::StringRef methodName(Method M);
std::optional<Principle> parsePrinciple(llvm::StringRef Word);
std::optional<Method> parseMethod(llvm::StringRef Word);

/// Whether the handbook's table assigns method M to principle P. Layering is
/// the one method with two principles (a bypass removes, a new layer replaces).
constexpr bool handbookAllows(Principle P, Method M) {
  switch (M) {
  case Method::Batching:
  case Method::Precomputation:
  case Method::Deferral:
    return P == Principle::Reordering;
  case Method::Caching:
  case Method::Contextualization:
    return P == Principle::Removal;
  case Method::Relaxation:
  case Method::Specialization:
    return P == Principle::Replacement;
  case Method::Layering:
    return P == Principle::Removal || P == Principle::Replacement;
  }
  return false;
}

/// A (principle, method) pair. The handbook fixes the principle of most
/// methods, but a fix may move its task off the critical path in another way
/// than the method's home principle (e.g. caching a handle removes work;
/// hoisting it reorders it), so any pair is representable and checks choose.
struct Tag {
  Principle P;
  Method M;
  friend constexpr bool operator==(Tag A, Tag B) {
    return A.P == B.P && A.M == B.M;
  }
};

/// "[removal/contextualization]"
std::string formatTag(Tag T);

/// Appends the tag as the last thing of a diagnostic message:
/// "<Message> [principle/method]".
std::string withTag(llvm::StringRef Message, Tag T);

/// Finds the sysopt tag at the end of a diagnostic message (clang-tidy's own
/// "[check-name]" suffix, if present, is skipped). Used by the scanner and the
/// tests to split the tag into separate structured fields.
std::optional<Tag> parseTrailingTag(llvm::StringRef Message);

} // namespace sysopt

#endif
