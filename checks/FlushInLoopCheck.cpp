//===- FlushInLoopCheck.cpp - sysopt-flush-in-loop ------------------------===//
//
// A flush (Role::Flush of the API table: std::endl, std::flush, fflush,
// fsync, fdatasync; and basic_ostream::flush) on a repeated path
// (RepeatedContext) of a stream whose buffer would otherwise save system
// calls:
//   - std::endl on a file stream (std::ofstream, std::fstream), on
//     std::cout or std::clog: fix-it `'\n'`, which the terminal still sees
//     at once (stdout is line-buffered there) and which a file or a pipe
//     receives a buffer at a time;
//   - an explicit flush of a file (std::flush, .flush(), fflush of a FILE*
//     that fopen returned) and fsync/fdatasync: flush once after the loop.
// Left alone: std::cerr and stderr (unbuffered: nothing to save), explicit
// flushes of std::cout/stdout (a progress line or a streamed token must
// show before the line ends), string streams, streams of unknown kind
// (an std::ostream& parameter), flushes on an error path (a branch that
// returns, throws or ends the program), and loops that read the terminal
// (a prompt must show before the read).
//
//===----------------------------------------------------------------------===//
#include "FlushInLoopCheck.h"
#include "sysopt/ApiModels.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/FixItBuilders.h"
#include "sysopt/LoopAnalysis.h"
#include "sysopt/Taxonomy.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
constexpr Tag RelaxTag{Principle::Replacement, Method::Relaxation};
constexpr char ManipulatorId[] = "manipulator";

AST_MATCHER(FunctionDecl, isFlushApi) { return api::roleOf(&Node) == api::Role::Flush; }
AST_MATCHER(CXXMethodDecl, isStreamFlush) { return api::isStreamFlushMethod(&Node); }

enum class StreamKind { Unknown, Terminal, Log, Unbuffered, File, Descriptor, All };

/// The global std::cout/std::cerr/std::clog (and wide forms) or the C
/// library's stdout/stderr a reference names, or "".
llvm::StringRef standardStreamName(const Expr *E) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->getIdentifier() || !VD->hasGlobalStorage())
    return "";
  const DeclContext *DC = VD->getDeclContext()->getRedeclContext();
  llvm::StringRef N = VD->getName();
  if (DC->isStdNamespace() &&
      llvm::is_contained({"cout", "wcout", "cerr", "wcerr", "clog", "wclog"}, N))
    return N;
  if (DC->isTranslationUnit() && (N == "stdout" || N == "stderr"))
    return N;
  return "";
}

bool isStdClass(QualType T, std::initializer_list<llvm::StringRef> Names) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && llvm::is_contained(Names, RD->getName()) &&
         RD->getDeclContext()->getRedeclContext()->isStdNamespace();
}

/// A project's own output stream class (marian's io::OutputFileStream, a
/// logger's file stream): derived from std::basic_ostream, declared outside
/// std, and not a string stream. It writes to a file, a pipe or a socket;
/// its flush is a system call like a file's.
bool isProjectStream(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->getDeclContext()->getRedeclContext()->isStdNamespace())
    return false;
  bool Ostream = false, StringStream = false;
  RD->forallBases([&](const CXXRecordDecl *Base) {
    if (Base->getIdentifier() && Base->getDeclContext()->getRedeclContext()->isStdNamespace()) {
      Ostream |= Base->getName() == "basic_ostream";
      StringStream |= Base->getName() == "basic_ostringstream" ||
                      Base->getName() == "basic_stringstream";
    }
    return true;
  });
  return Ostream && !StringStream;
}

/// A FILE* local that fopen, fdopen or popen initialised and nothing
/// reassigns (it might be stdout otherwise).
bool opensFile(const VarDecl &VD) {
  const auto *Owner = dyn_cast_or_null<FunctionDecl>(VD.getParentFunctionOrMethod());
  if (!Owner || !Owner->hasBody() || !VD.hasLocalStorage() || VD.getType()->isReferenceType())
    return false;
  const auto *Init = dyn_cast_or_null<CallExpr>(
      VD.getInit() ? VD.getInit()->IgnoreParenImpCasts() : nullptr);
  const FunctionDecl *Callee = Init ? Init->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier() ||
      !llvm::is_contained({"fopen", "fopen64", "fdopen", "popen"}, Callee->getName()))
    return false;
  struct Assigned : RecursiveASTVisitor<Assigned> {
    const VarDecl &V;
    bool Found = false;
    explicit Assigned(const VarDecl &V) : V(V) {}
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->isAssignmentOp())
        if (const auto *D = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
          Found |= D->getDecl() == &V;
      return !Found;
    }
    bool VisitUnaryOperator(UnaryOperator *U) {
      if (U->getOpcode() == UO_AddrOf)
        if (const auto *D = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
          Found |= D->getDecl() == &V;
      return !Found;
    }
  } Scan(VD);
  Scan.TraverseStmt(Owner->getBody());
  return !Scan.Found;
}

/// What the stream expression `E` (the left end of a `<<` chain, the object
/// of .flush(), the argument of fflush/fsync) is.
StreamKind kindOf(const Expr *E, bool Descriptor,
                  llvm::function_ref<bool(const VarDecl &)> OpenedFile) {
  if (!E)
    return StreamKind::Unknown;
  E = E->IgnoreParenImpCasts();
  if (Descriptor)
    return StreamKind::Descriptor; // fsync(fd): whatever the descriptor, it waits
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr, IntegerLiteral>(E))
    return StreamKind::All; // fflush(NULL)
  llvm::StringRef Std = standardStreamName(E);
  if (Std == "cout" || Std == "wcout" || Std == "stdout")
    return StreamKind::Terminal;
  if (Std == "clog" || Std == "wclog")
    return StreamKind::Log;
  if (!Std.empty())
    return StreamKind::Unbuffered;
  if (isStdClass(E->getType(), {"basic_ofstream", "basic_fstream"}) ||
      isProjectStream(E->getType()))
    return StreamKind::File;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getType()->isPointerType() && OpenedFile(*VD))
        return StreamKind::File;
  return StreamKind::Unknown;
}

/// The stream at the left end of `s << a << b`.
const Expr *chainBase(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_LessLess && Op->getNumArgs() == 2) {
      E = Op->getArg(0);
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const auto *MD = MC->getMethodDecl();
      if (MD && MD->getOverloadedOperator() == OO_LessLess && MC->getImplicitObjectArgument()) {
        E = MC->getImplicitObjectArgument();
        continue;
      }
    }
    return E;
  }
}

/// Whether `S` leaves the function or the program: return, throw, or a
/// call of a noreturn function (exit, abort, a fatal-error helper).
bool leaves(const Stmt *S) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitReturnStmt(ReturnStmt *) { return !(Found = true); }
    bool VisitCXXThrowExpr(CXXThrowExpr *) { return !(Found = true); }
    bool VisitCallExpr(CallExpr *C) {
      if (const FunctionDecl *FD = C->getDirectCallee())
        Found |= FD->isNoReturn();
      return !Found;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  } F;
  F.TraverseStmt(const_cast<Stmt *>(S));
  return F.Found;
}

/// An error path: `S` sits in a branch (of an if, or a catch handler) that
/// leaves the function or the program.
bool onErrorPath(const Stmt &S, const FunctionDecl &Fn, ASTContext &Ctx) {
  return findEnclosing(S, Fn, Ctx, [](const Stmt &P, const Stmt *Child) {
           if (isa<CXXCatchStmt>(P))
             return true;
           const auto *If = dyn_cast<IfStmt>(&P);
           return If && Child && (Child == If->getThen() || Child == If->getElse()) &&
                  leaves(Child);
         }) != nullptr;
}

/// Whether `Region` reads the terminal: std::cin, stdin, scanf, getchar.
bool scanReadsTerminal(const Stmt *Region) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
        if (VD->getIdentifier() && VD->hasGlobalStorage() &&
            llvm::is_contained({"cin", "wcin", "stdin"}, VD->getName()))
          Found = true;
      return !Found;
    }
    bool VisitCallExpr(CallExpr *C) {
      if (const FunctionDecl *FD = C->getDirectCallee())
        if (FD->getIdentifier() &&
            llvm::is_contained({"scanf", "getchar", "getline", "readline"}, FD->getName()) &&
            FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
          Found = true;
      return !Found;
    }
  } F;
  F.TraverseStmt(const_cast<Stmt *>(Region));
  return F.Found;
}
} // namespace

bool FlushInLoopCheck::readsTerminal(const Stmt *Region) {
  auto [It, New] = TerminalReads.try_emplace(Region, false);
  if (New)
    It->second = scanReadsTerminal(Region);
  return It->second;
}

bool FlushInLoopCheck::isOpenedFile(const VarDecl &VD) {
  auto [It, New] = OpenedFiles.try_emplace(&VD, false);
  if (New)
    It->second = opensFile(VD);
  return It->second;
}

FlushInLoopCheck::FlushInLoopCheck(llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : RepeatedPathCheck(Name, Context), Terminal(Options.get("Terminal", true)) {}

void FlushInLoopCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  RepeatedPathCheck::storeOptions(Opts);
  Options.store(Opts, "Terminal", Terminal);
}

void FlushInLoopCheck::registerMatchers(MatchFinder *Finder) {
  registerBaseMatchers(*Finder);
  auto Manipulator =
      declRefExpr(to(functionDecl(isFlushApi()))).bind(ManipulatorId);
  Finder->addMatcher(
      traverse(TK_AsIs,
               expr(unless(isExpansionInSystemHeader()),
                    anyOf(callExpr(callee(functionDecl(isFlushApi())),
                                   unless(cxxOperatorCallExpr())),
                          cxxMemberCallExpr(callee(cxxMethodDecl(isStreamFlush()))),
                          // `os << std::endl`: the member operator<< taking a
                          // manipulator (or a free one in older libraries).
                          cxxOperatorCallExpr(hasOverloadedOperatorName("<<"),
                                              hasArgument(1, ignoringImpCasts(Manipulator)))))
                   .bind(CandidateId)),
      this);
}

void FlushInLoopCheck::analyze(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *E = Result.Nodes.getNodeAs<Expr>(CandidateId);
  const auto *Manip = Result.Nodes.getNodeAs<DeclRefExpr>(ManipulatorId);
  const FunctionDecl *Fn = E ? enclosingCallable(*E, Ctx) : nullptr;
  if (!Fn || isDeviceOnly(*Fn) || Fn->isDependentContext() || inBrokenCode(*Fn, Ctx))
    return;

  // The stream, and how the flush is written.
  const Expr *Stream = nullptr;
  bool IsEndl = false, Descriptor = false;
  const IdentifierInfo *Name = nullptr;
  if (Manip) {
    const auto *Op = cast<CXXOperatorCallExpr>(E);
    Stream = chainBase(Op->getArg(0));
    IsEndl = Manip->getDecl()->getName() == "endl";
    Name = Manip->getDecl()->getIdentifier();
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    Stream = MC->getImplicitObjectArgument() ? chainBase(MC->getImplicitObjectArgument())
                                            : nullptr;
    Name = MC->getMethodDecl()->getIdentifier();
  } else {
    const auto *C = cast<CallExpr>(E);
    const api::ApiEntry *Row = api::lookupApi(C->getDirectCallee());
    if (!Row || Row->Dst < 0 || static_cast<unsigned>(Row->Dst) >= C->getNumArgs())
      return;
    Stream = C->getArg(Row->Dst);
    Descriptor = Row->Name.starts_with("fsync") || Row->Name.starts_with("fdatasync");
    Name = api::spelledApiName(*C->getDirectCallee());
  }
  StreamKind Kind =
      kindOf(Stream, Descriptor, [&](const VarDecl &VD) { return isOpenedFile(VD); });
  switch (Kind) {
  case StreamKind::Unknown:
  case StreamKind::Unbuffered:
  case StreamKind::All:
    return;
  case StreamKind::Terminal:
  case StreamKind::Log:
    // An explicit flush of the terminal shows a partial line on purpose.
    if (!IsEndl || (Kind == StreamKind::Terminal && !Terminal))
      return;
    break;
  case StreamKind::File:
  case StreamKind::Descriptor:
    break;
  }

  std::optional<RepeatPath> Path = repeatedPath(*E, *Fn, Ctx);
  if (!Path || onErrorPath(*E, *Fn, Ctx))
    return;
  bool OwnLoop = Path->K == RepeatPath::Kind::Loop && Path->Calls.empty();
  const Stmt *Region = OwnLoop ? loopBody(*Path->Loop) : Fn->getBody();
  if (Kind != StreamKind::File && Kind != StreamKind::Descriptor &&
      (readsTerminal(Region) ||
       (Path->K == RepeatPath::Kind::Loop && readsTerminal(Path->Loop))))
    return;

  SourceLocation Loc = SM.getExpansionLoc(Manip ? Manip->getBeginLoc() : E->getBeginLoc());
  if (!Reported.insert(Loc).second)
    return;

  // `'\n'` for std::endl of a char stream written in the file itself.
  std::vector<FixItHint> Fix;
  if (IsEndl && !Manip->getBeginLoc().isMacroID() && !Manip->getEndLoc().isMacroID()) {
    const auto *Spec = cast<FunctionDecl>(Manip->getDecl())->getTemplateSpecializationArgs();
    if (Spec && Spec->size() >= 1 && Spec->get(0).getKind() == TemplateArgument::Type &&
        Ctx.hasSameType(Spec->get(0).getAsType(), Ctx.CharTy))
      Fix.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Manip->getSourceRange()), "'\\n'"));
  }
  unsigned What = IsEndl ? 0 : Kind == StreamKind::Descriptor ? 2 : 1;
  {
    auto D = diag(Loc, withTag("%0 %select{flushes the stream|flushes the file|waits for the "
                               "disk}1 on every %select{iteration|call of %3|element}2; "
                               "%select{write '\\n' and let the buffer fill|flush once after the "
                               "loop|sync once after the loop}1",
                               RelaxTag));
    unsigned Every = OwnLoop ? 0 : Path->K == RepeatPath::Kind::PerElement && Path->Calls.empty() ? 2 : 1;
    D << Name << What << Every << Fn;
    D << SM.getExpansionRange(Manip ? Manip->getSourceRange() : E->getSourceRange()).getAsRange();
    for (const FixItHint &H : Fix)
      D << H;
  }
  describePath(*Path, SM, [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *N) {
    auto Note = diag(L, Text, DiagnosticIDs::Note);
    if (N)
      Note << N;
  });
}

} // namespace sysopt
