#include "sysopt/Taxonomy.h"
#include "llvm/ADT/Twine.h"

namespace sysopt {

llvm::StringRef principleName(Principle P) {
  switch (P) {
  case Principle::Removal:
    return "removal";
  case Principle::Replacement:
    return "replacement";
  case Principle::Reordering:
    return "reordering";
  }
  return "";
}

llvm::StringRef methodName(Method M) {
  switch (M) {
  case Method::Batching:
    return "batching";
  case Method::Caching:
    return "caching";
  case Method::Precomputation:
    return "precomputation";
  case Method::Deferral:
    return "deferral";
  case Method::Relaxation:
    return "relaxation";
  case Method::Contextualization:
    return "contextualization";
  case Method::Specialization:
    return "specialization";
  case Method::Layering:
    return "layering";
  }
  return "";
}

std::optional<Principle> parsePrinciple(llvm::StringRef Word) {
  for (Principle P : AllPrinciples)
    if (principleName(P) == Word)
      return P;
  return std::nullopt;
}

std::optional<Method> parseMethod(llvm::StringRef Word) {
  for (Method M : AllMethods)
    if (methodName(M) == Word)
      return M;
  return std::nullopt;
}

std::string formatTag(Tag T) {
  return (llvm::Twine("[") + principleName(T.P) + "/" + methodName(T.M) + "]").str();
}

std::string withTag(llvm::StringRef Message, Tag T) {
  return (llvm::Twine(Message.rtrim()) + " " + formatTag(T)).str();
}

std::optional<Tag> parseTrailingTag(llvm::StringRef Message) {
  llvm::StringRef Rest = Message.rtrim();
  // Skip clang-tidy's "[check-name]" (and any ",-warnings-as-errors" form).
  if (Rest.ends_with("]")) {
    size_t Open = Rest.rfind('[');
    if (Open != llvm::StringRef::npos && !Rest.substr(Open).contains('/'))
      Rest = Rest.take_front(Open).rtrim();
  }
  if (!Rest.ends_with("]"))
    return std::nullopt;
  size_t Open = Rest.rfind('[');
  if (Open == llvm::StringRef::npos)
    return std::nullopt;
  auto [PWord, MWord] =
      Rest.substr(Open + 1, Rest.size() - Open - 2).split('/');
  std::optional<Principle> P = parsePrinciple(PWord);
  std::optional<Method> M = parseMethod(MWord);
  if (!P || !M)
    return std::nullopt;
  return Tag{*P, *M};
}

} // namespace sysopt
