#include "sysopt/AnalysisScope.h"
#include "sysopt/CopyCost.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace sysopt {

bool isDeviceOnly(const FunctionDecl &FD) {
  return FD.hasAttr<CUDAGlobalAttr>() ||
         (FD.hasAttr<CUDADeviceAttr>() && !FD.hasAttr<CUDAHostAttr>());
}

bool isOutOfAnalysisScope(const Decl &D) {
  if (D.getDeclContext()->isDependentContext())
    return true;
  if (const auto *FD = dyn_cast<FunctionDecl>(&D))
    if (FD->isDependentContext() || FD->isTemplateInstantiation() || isDeviceOnly(*FD))
      return true;
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DC))
      if (FD->isTemplateInstantiation() || isDeviceOnly(*FD))
        return true;
    if (isa<ClassTemplateSpecializationDecl>(DC))
      return true;
  }
  return false;
}

bool isInTemplateInstantiation(const Decl &D) {
  if (const auto *FD = dyn_cast<FunctionDecl>(&D); FD && FD->isTemplateInstantiation())
    return true;
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DC); FD && FD->isTemplateInstantiation())
      return true;
    if (isa<ClassTemplateSpecializationDecl>(DC))
      return true;
  }
  return false;
}

bool isOutOfInstantiationScope(const Decl &D) {
  if (D.getDeclContext()->isDependentContext())
    return true;
  if (const auto *FD = dyn_cast<FunctionDecl>(&D))
    if (FD->isDependentContext() || isDeviceOnly(*FD))
      return true;
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent())
    if (const auto *FD = dyn_cast<FunctionDecl>(DC); FD && isDeviceOnly(*FD))
      return true;
  return false;
}

FunctionNameList::FunctionNameList(llvm::StringRef List) {
  for (const std::string &P : splitList(List)) {
    llvm::Regex R("^(::)?(" + P + ")$");
    std::string Err;
    if (R.isValid(Err))
      Patterns.push_back(std::move(R));
    else
      Errors.push_back("invalid regex '" + P + "': " + Err);
  }
}

bool FunctionNameList::contains(const FunctionDecl *FD) const {
  if (!FD || Patterns.empty())
    return false;
  std::string Name = FD->getQualifiedNameAsString();
  for (const llvm::Regex &R : Patterns)
    if (R.match(Name))
      return true;
  return false;
}

} // namespace sysopt
