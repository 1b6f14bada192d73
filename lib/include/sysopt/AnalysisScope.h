//===- AnalysisScope.h - code the checks analyze, names users list --------===//
#ifndef SYSOPT_ANALYSISSCOPE_H
#define SYSOPT_ANALYSISSCOPE_H

#include "clang/AST/Decl.h"
#include "llvm/Support/Regex.h"
#include <string>
#include <vector>

namespace sysopt {

/// Code the checks leave alone: templates and their instantiations (types and
/// invariance are not known once for all instantiations) and CUDA device code
/// (`__global__`, `__device__` without `__host__`: kernel parameters are
/// passed by value by necessity, and host-side costs do not apply there).
/// `D` may be a function or anything declared inside one.
/// A `__global__` function, or `__device__` without `__host__`.
bool isDeviceOnly(const clang::FunctionDecl &FD);

bool isOutOfAnalysisScope(const clang::Decl &D);

/// Whether `D` lies in an instantiation of a function or class template:
/// code the batching check analyzes per instantiation (proposing no edit,
/// reporting once at the template's source), where isOutOfAnalysisScope
/// would skip it.
bool isInTemplateInstantiation(const clang::Decl &D);
/// isOutOfAnalysisScope, except for template instantiations.
bool isOutOfInstantiationScope(const clang::Decl &D);

/// A `;`-separated list of regexes over fully qualified function names, as
/// the ExpensiveFunctions and LaunchWrappers options take them. Each regex
/// must match the whole name; a leading `::` is optional.
class FunctionNameList {
public:
  explicit FunctionNameList(llvm::StringRef List);
  bool contains(const clang::FunctionDecl *FD) const;
  /// "invalid regex '<pattern>': <reason>" for each pattern that did not
  /// compile; the others are used.
  const std::vector<std::string> &errors() const { return Errors; }

private:
  std::vector<llvm::Regex> Patterns;
  std::vector<std::string> Errors;
};

} // namespace sysopt

#endif
