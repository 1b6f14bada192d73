//===- ErrorRegions.cpp ---------------------------------------------------===//
#include "sysopt/ErrorRegions.h"
#include "sysopt/AnalysisScope.h"
#include "sysopt/DeferredMatches.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace clang;

namespace sysopt {
namespace {

class ErrorRecorder;

// One recorder per diagnostics engine; clangd parses on several threads.
std::mutex RecordersMutex;
llvm::DenseMap<const DiagnosticsEngine *, ErrorRecorder *> &recorders() {
  static llvm::DenseMap<const DiagnosticsEngine *, ErrorRecorder *> Map;
  return Map;
}

struct RecordedError {
  SourceLocation Loc; // a file location; invalid for errors without one
  std::string Text;
};

// Sits between the compiler and its diagnostic client: records errors,
// forwards every call unchanged, and keeps its own counts as the client
// does (CompilerInstance reads the counts of whatever client is installed).
class ErrorRecorder : public DiagnosticConsumer {
public:
  ErrorRecorder(DiagnosticsEngine &Diags, DiagnosticConsumer *Next,
                std::unique_ptr<DiagnosticConsumer> OwnedNext)
      : Diags(Diags), Next(Next), OwnedNext(std::move(OwnedNext)) {}

  ~ErrorRecorder() override {
    std::lock_guard<std::mutex> Lock(RecordersMutex);
    recorders().erase(&Diags);
  }

  void BeginSourceFile(const LangOptions &LO, const Preprocessor *PP) override {
    if (Next)
      Next->BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override {
    if (std::getenv("SYSOPT_TIDY_COVERAGE") && !Reported) {
      Reported = true;
      printCoverage();
    }
    if (const char *Path = std::getenv("SYSOPT_TIDY_DEPENDENCIES"))
      appendDependencies(Path);
    if (Next)
      Next->EndSourceFile();
  }
  void finish() override {
    if (Next)
      Next->finish();
  }
  void clear() override {
    DiagnosticConsumer::clear();
    if (Next)
      Next->clear();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Next ? Next->IncludeInDiagnosticCounts() : true;
  }
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level >= DiagnosticsEngine::Error && !isPromotedWarning(Info))
      record(Level, Info);
    if (Next)
      Next->HandleDiagnostic(Level, Info);
  }

  bool isBroken(const Decl &Outer, ASTContext &Ctx) {
    this->Ctx = &Ctx;
    auto [It, Inserted] = Cache.try_emplace(&Outer, false);
    if (Inserted)
      It->second = computeBroken(Outer);
    return It->second;
  }

  void setContext(ASTContext &C) { Ctx = &C; }
  void setSourceManager(SourceManager &S) { SM = &S; }

private:
  // -Werror turns warnings into errors; they break nothing.
  bool isPromotedWarning(const Diagnostic &Info) const {
    return Diags.getDiagnosticIDs()->isWarningOrExtension(Info.getID());
  }

  void record(DiagnosticsEngine::Level Level, const Diagnostic &Info) {
    SourceLocation Loc;
    if (Info.hasSourceManager() && Info.getLocation().isValid())
      Loc = Info.getSourceManager().getFileLoc(Info.getLocation());
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    if (Level == DiagnosticsEngine::Fatal && !Fatal) {
      Fatal = true;
      FatalLoc = Loc;
    }
    if (!Loc.isValid())
      GlobalError = true;
    std::string Where;
    if (Loc.isValid()) {
      PresumedLoc P = Info.getSourceManager().getPresumedLoc(Loc);
      if (P.isValid())
        Where = (llvm::Twine(P.getFilename()) + ":" + llvm::Twine(P.getLine()) +
                 ":" + llvm::Twine(P.getColumn()) + ": ")
                    .str();
    }
    Errors.push_back({Loc, Where + std::string(Text)});
  }

  bool computeBroken(const Decl &Outer) const {
    if (GlobalError || (Fatal && FatalLoc.isInvalid()))
      return true;
    const SourceManager &SM = Ctx->getSourceManager();
    CharSourceRange Range = SM.getExpansionRange(Outer.getSourceRange());
    SourceLocation Begin = Range.getBegin(), End = Range.getEnd();
    if (Begin.isInvalid() || End.isInvalid())
      return !Errors.empty() || Fatal;
    if (Fatal && !SM.isBeforeInTranslationUnit(End, FatalLoc))
      return true;
    for (const RecordedError &E : Errors)
      if (E.Loc.isValid() && !SM.isBeforeInTranslationUnit(E.Loc, Begin) &&
          !SM.isBeforeInTranslationUnit(End, E.Loc))
        return true;
    if (const auto *FD = dyn_cast<FunctionDecl>(&Outer))
      if (FD->isInvalidDecl() || (FD->getBody() && hasRecoveryNodes(FD->getBody())))
        return true;
    return false;
  }

  static bool hasRecoveryNodes(const Stmt *S) {
    if (!S)
      return false;
    if (const auto *E = dyn_cast<Expr>(S))
      if (E->containsErrors())
        return true;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (D->isInvalidDecl())
          return true;
    for (const Stmt *Child : S->children())
      if (hasRecoveryNodes(Child))
        return true;
    return false;
  }

  // The function among the declarations of `DC` (and those nested in them)
  // whose range holds `Loc`; nullptr outside functions. Declarations that do
  // not hold `Loc` are not entered, so this visits one path of the tree.
  const FunctionDecl *functionAt(const DeclContext &DC,
                                 SourceLocation Loc) const {
    const SourceManager &SM = Ctx->getSourceManager();
    for (const Decl *D : DC.decls()) {
      CharSourceRange R = SM.getExpansionRange(D->getSourceRange());
      if (R.getBegin().isInvalid() || R.getEnd().isInvalid() ||
          SM.isBeforeInTranslationUnit(Loc, R.getBegin()) ||
          SM.isBeforeInTranslationUnit(R.getEnd(), Loc))
        continue;
      const Decl *Inner = D;
      if (const auto *TD = dyn_cast<TemplateDecl>(D))
        Inner = TD->getTemplatedDecl();
      if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Inner))
        return FD;
      if (const auto *Nested = dyn_cast_or_null<DeclContext>(Inner))
        if (const FunctionDecl *FD = functionAt(*Nested, Loc))
          return FD;
    }
    return nullptr;
  }

  void printCoverage() const {
    unsigned DeviceOnly = 0, OutsideFunctions = 0;
    if (Ctx) {
      for (const RecordedError &E : Errors) {
        if (E.Loc.isInvalid()) {
          ++OutsideFunctions;
          continue;
        }
        const FunctionDecl *FD = functionAt(*Ctx->getTranslationUnitDecl(), E.Loc);
        if (!FD)
          ++OutsideFunctions;
        else if (isDeviceOnly(*FD))
          ++DeviceOnly;
      }
    }
    llvm::json::Object Line{
        {"errors", static_cast<int64_t>(Errors.size())},
        {"fatal", Fatal},
        {"device_only_errors", Ctx ? llvm::json::Value(int64_t(DeviceOnly))
                                   : llvm::json::Value(nullptr)},
        {"errors_outside_functions",
         Ctx ? llvm::json::Value(int64_t(OutsideFunctions))
             : llvm::json::Value(nullptr)},
        {"first_error", Errors.empty() ? llvm::json::Value(nullptr)
                                       : llvm::json::Value(Errors.front().Text)}};
    std::string Out;
    llvm::raw_string_ostream OS(Out);
    OS << "sysopt-tidy: coverage: " << llvm::json::Value(std::move(Line))
       << "\n";
    llvm::errs() << OS.str();
  }

  // Every file the unit read, one absolute path per line, appended (a CUDA
  // unit's host and device passes add to the same list). sysopt-scan's cache
  // keys a unit on these files' contents.
  void appendDependencies(const char *Path) const {
    if (!SM)
      return;
    std::string Out;
    for (auto It = SM->fileinfo_begin(), End = SM->fileinfo_end(); It != End;
         ++It) {
      llvm::SmallString<256> Name(It->first.getName());
      SM->getFileManager().makeAbsolutePath(Name);
      llvm::sys::path::remove_dots(Name, /*remove_dot_dot=*/false);
      Out.append(Name.begin(), Name.end());
      Out += '\n';
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Append);
    if (!EC)
      OS << Out;
  }

  DiagnosticsEngine &Diags;
  DiagnosticConsumer *Next;
  std::unique_ptr<DiagnosticConsumer> OwnedNext;
  std::vector<RecordedError> Errors;
  bool Fatal = false, GlobalError = false, Reported = false;
  SourceLocation FatalLoc;
  ASTContext *Ctx = nullptr;
  SourceManager *SM = nullptr;
  llvm::DenseMap<const Decl *, bool> Cache;
};

ErrorRecorder *recorderFor(const DiagnosticsEngine &Diags) {
  std::lock_guard<std::mutex> Lock(RecordersMutex);
  return recorders().lookup(&Diags);
}

// The outermost function around `D`: lambdas and local classes belong to
// the function that holds them.
const Decl &outermostFunction(const Decl &D) {
  const Decl *Outer = &D;
  for (const DeclContext *DC = D.getLexicalDeclContext(); DC;
       DC = cast<Decl>(DC)->getLexicalDeclContext()) {
    if (isa<FunctionDecl>(DC))
      Outer = cast<Decl>(DC);
    if (isa<TranslationUnitDecl>(DC))
      break;
  }
  if (const auto *FD = dyn_cast<FunctionDecl>(Outer))
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      return *Pattern;
  return *Outer;
}

class ContextCallback : public ast_matchers::MatchFinder::MatchCallback {
  void run(const ast_matchers::MatchFinder::MatchResult &Result) override {
    if (ErrorRecorder *R = recorderFor(Result.Context->getDiagnostics()))
      R->setContext(*Result.Context);
  }
};

} // namespace

void trackErrors(Preprocessor &PP) {
  DiagnosticsEngine &Diags = PP.getDiagnostics();
  std::lock_guard<std::mutex> Lock(RecordersMutex);
  if (recorders().count(&Diags))
    return;
  DiagnosticConsumer *Next = Diags.getClient();
  std::unique_ptr<DiagnosticConsumer> Owned =
      Diags.ownsClient() ? Diags.takeClient() : nullptr;
  auto *Recorder = new ErrorRecorder(Diags, Next, std::move(Owned));
  Recorder->setSourceManager(PP.getSourceManager());
  Diags.setClient(Recorder, /*ShouldOwnClient=*/true);
  recorders()[&Diags] = Recorder;
}

void trackErrorContext(ast_matchers::MatchFinder &Finder) {
  static ContextCallback Callback;
  Finder.addMatcher(ast_matchers::translationUnitDecl(), &Callback);
}

bool inBrokenCode(const Decl &D, ASTContext &Ctx) {
  // Every error the recorder keeps also counts here: the clean case costs
  // no lock.
  if (!Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return false;
  ErrorRecorder *R = recorderFor(Ctx.getDiagnostics());
  if (!R)
    return true;
  return R->isBroken(outermostFunction(D), Ctx);
}

bool inBrokenCode(const Stmt &S, ASTContext &Ctx) {
  if (!Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return false;
  if (const FunctionDecl *Fn = enclosingCallable(S, Ctx))
    return inBrokenCode(*Fn, Ctx);
  return true;
}

bool inBrokenCode(const ast_matchers::BoundNodes &Nodes, ASTContext &Ctx) {
  if (!Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return false;
  for (const auto &[Id, Node] : Nodes.getMap()) {
    if (const auto *D = Node.get<Decl>()) {
      if (inBrokenCode(*D, Ctx))
        return true;
    } else if (const auto *S = Node.get<Stmt>()) {
      if (inBrokenCode(*S, Ctx))
        return true;
    }
  }
  return false;
}

} // namespace sysopt
