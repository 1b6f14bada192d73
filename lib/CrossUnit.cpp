//===- CrossUnit.cpp ------------------------------------------------------===//
#include "sysopt/CrossUnit.h"
#include "sysopt/RepeatedContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <mutex>

using namespace clang;

namespace sysopt::crossunit {
namespace {

const char *exportPath() { return std::getenv("SYSOPT_CROSS_UNIT_EXPORT"); }

void append(llvm::ArrayRef<llvm::json::Value> Records) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(exportPath(), EC, llvm::sys::fs::OF_Append);
  if (EC) {
    llvm::errs() << "sysopt-tidy: cannot write the cross-unit summary "
                 << exportPath() << ": " << EC.message() << "\n";
    return;
  }
  for (const llvm::json::Value &R : Records)
    OS << R << "\n";
}

struct Place {
  std::string File;
  unsigned Line = 0;
};

Place placeOf(SourceLocation Loc, const SourceManager &SM) {
  Place P;
  Loc = SM.getExpansionLoc(Loc);
  if (Loc.isInvalid())
    return P;
  if (OptionalFileEntryRef F = SM.getFileEntryRefForID(SM.getFileID(Loc))) {
    llvm::SmallString<256> Path(F->getName());
    SM.getFileManager().makeAbsolutePath(Path);
    P.File = std::string(Path);
  }
  P.Line = SM.getExpansionLineNumber(Loc);
  return P;
}

std::string displayName(const FunctionDecl &FD, const SourceManager &SM) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD); MD && MD->getParent()->isLambda()) {
    Place P = placeOf(MD->getParent()->getLocation(), SM);
    return "the lambda at " + llvm::sys::path::filename(P.File).str() + ":" +
           std::to_string(P.Line);
  }
  return FD.getQualifiedNameAsString();
}

} // namespace

bool exporting() { return exportPath() != nullptr; }

std::string functionKey(const FunctionDecl &FD) {
  const FunctionDecl *P = &FD;
  if (const FunctionDecl *Pattern = FD.getTemplateInstantiationPattern())
    P = Pattern;
  P = P->getCanonicalDecl();
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(P, USR))
    return {};
  // The USR of `void step(int)` is the same in every program of a
  // repository (cuda-samples has hundreds of mains and runTests); the file
  // that declares it first tells them apart. A function declared in a
  // shared header has that header as its first declaration everywhere.
  const SourceManager &SM = P->getASTContext().getSourceManager();
  std::string Declared = placeOf(P->getLocation(), SM).File;
  if (Declared.empty())
    return {};
  return std::string(USR) + "|" + Declared;
}

void exportUnit(ASTContext &Ctx, UserCodeFilter &UserCode,
                const FunctionNameList &EntryPoints,
                llvm::ArrayRef<std::string> SetupWords) {
  if (!exporting())
    return;
  // Once per unit, whichever check gets here first (the main file too: a
  // later unit's context may reuse the address).
  const SourceManager &SM = Ctx.getSourceManager();
  static std::mutex M;
  static const TranslationUnitDecl *Last = nullptr;
  static std::string LastMain;
  {
    std::string Main = placeOf(SM.getLocForStartOfFile(SM.getMainFileID()), SM).File;
    std::lock_guard<std::mutex> Lock(M);
    if (Last == Ctx.getTranslationUnitDecl() && LastMain == Main)
      return;
    Last = Ctx.getTranslationUnitDecl();
    LastMain = Main;
  }
  CallGraph Graph(Ctx, UserCode, EntryPoints);
  std::vector<llvm::json::Value> Records;
  llvm::StringSet<> Described;
  auto Describe = [&](const FunctionDecl &FD, const std::string &Key) {
    if (!Described.insert(Key).second)
      return;
    Place P = placeOf(FD.getLocation(), SM);
    // The template's name, not the first instantiation's.
    const FunctionDecl *Named = FD.getTemplateInstantiationPattern();
    llvm::json::Object O{{"fn", Key},
                         {"name", displayName(Named ? *Named : FD, SM)},
                         {"file", P.File},
                         {"line", P.Line},
                         {"setup", isSetupFunction(FD, Graph, SetupWords, 0,
                                                   /*MainIsSetup=*/false)}};
    // The overridden methods, of the instantiation and of its pattern (an
    // instantiated member may not list them).
    llvm::json::Array Overrides;
    llvm::StringSet<> SeenBases;
    for (const FunctionDecl *F : {&FD, Named})
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F))
        for (const CXXMethodDecl *Base : MD->overridden_methods())
          if (std::string B = functionKey(*Base); !B.empty() && SeenBases.insert(B).second)
            Overrides.push_back(B);
    if (!Overrides.empty())
      O["overrides"] = std::move(Overrides);
    Records.push_back(std::move(O));
  };

  for (const FunctionDecl *FD : Graph.definedFunctions())
    if (std::string Key = functionKey(*FD); !Key.empty()) {
      Describe(*FD, Key);
      if (EntryPoints.contains(FD)) {
        Place P = placeOf(FD->getLocation(), SM);
        Records.push_back(llvm::json::Object{
            {"entry", Key}, {"how", "option"}, {"file", P.File}, {"line", P.Line}});
      }
    }
  for (const auto &[FD, Binding] : Graph.allBindings())
    if (std::string Key = functionKey(*FD); !Key.empty()) {
      Place P = placeOf(Binding->getBeginLoc(), SM);
      Records.push_back(llvm::json::Object{
          {"entry", Key}, {"how", "binding"}, {"file", P.File}, {"line", P.Line}});
    }
  for (const auto &[Callee, Sites] : Graph.allCallers()) {
    // Calls into the user's own functions only: the API table knows the rest.
    if (!UserCode.isUserCode(Callee->getLocation(), SM))
      continue;
    std::string CalleeKey = functionKey(*Callee);
    if (CalleeKey.empty())
      continue;
    Describe(*Callee, CalleeKey);
    for (const CallGraph::Site &S : Sites) {
      if (!S.Caller)
        continue;
      std::string CallerKey = functionKey(*S.Caller);
      if (CallerKey.empty())
        continue;
      Describe(*S.Caller, CallerKey);
      Place P = placeOf(S.Call->getBeginLoc(), SM);
      Records.push_back(llvm::json::Object{{"call", CallerKey},
                                           {"callee", CalleeKey},
                                           {"file", P.File},
                                           {"line", P.Line},
                                           {"loop", S.Loop != nullptr},
                                           {"per_element", S.Algorithm != nullptr}});
    }
  }
  append(Records);
}

void noteHeld(const FunctionDecl &Fn, llvm::StringRef Check) {
  if (!exporting())
    return;
  if (std::string Key = functionKey(Fn); !Key.empty())
    append({llvm::json::Object{{"held", Key}, {"check", Check}}});
}

std::optional<std::string> externalPath(const FunctionDecl &Fn) {
  // Read once per process; the scanner writes the file before the run.
  static const llvm::StringMap<std::string> Paths = [] {
    llvm::StringMap<std::string> Map;
    const char *File = std::getenv("SYSOPT_CROSS_UNIT_PATHS");
    if (!File)
      return Map;
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    llvm::Expected<llvm::json::Value> Doc =
        Buffer ? llvm::json::parse((*Buffer)->getBuffer())
               : llvm::Expected<llvm::json::Value>(llvm::errorCodeToError(Buffer.getError()));
    if (!Doc) {
      llvm::errs() << "sysopt-tidy: cannot read the cross-unit paths " << File << ": "
                   << llvm::toString(Doc.takeError()) << "\n";
      return Map;
    }
    if (const llvm::json::Object *O = Doc->getAsObject())
      if (const llvm::json::Object *P = O->getObject("paths"))
        for (const auto &[Key, Why] : *P)
          if (std::optional<llvm::StringRef> S = Why.getAsString())
            Map[Key.str()] = S->str();
    return Map;
  }();
  if (Paths.empty())
    return std::nullopt;
  auto It = Paths.find(functionKey(Fn));
  if (It == Paths.end())
    return std::nullopt;
  return It->second;
}

} // namespace sysopt::crossunit
