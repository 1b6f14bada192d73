//===- HostTensorToDeviceCheck.cpp - sysopt-host-tensor-to-device ---------===//
//
// `torch::zeros(...).to(kCUDA)`, `.cuda()`, `.to(device)` on a repeated
// path (RepeatedContext), or in an operator of an extension (a function
// that takes tensors and is not setup code): the factory (api::isDeviceableTensorFactory)
// fills a host tensor, and the move allocates a device tensor and copies
// it there. Created on the device, the same tensor costs one kernel (or no
// work at all for `empty`) and no host memory or copy.
//
// The fix-it puts the device into the factory's TensorOptions and drops the
// move, when that keeps the tensor: the options are absent or only name a
// dtype or a device; the device expression has no side effects; `.to`
// passes nothing but the device (and non_blocking); the values cannot
// differ on the device (not rand/randn, whose device generator draws other
// numbers, not linspace or a floating arange, whose device kernels round
// differently). `requires_grad` in the options, a dtype change in `.to`,
// options of unknown content: warning only.
//
//===----------------------------------------------------------------------===//
#include "HostTensorToDeviceCheck.h"
#include "sysopt/ApiModels.h"
#include "sysopt/ErrorRegions.h"
#include "sysopt/FixItBuilders.h"
#include "sysopt/Taxonomy.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace sysopt {

namespace {
constexpr Tag ContextTag{Principle::Removal, Method::Contextualization};
constexpr char FactoryId[] = "factory";

AST_MATCHER(FunctionDecl, isDeviceableFactory) {
  return api::isDeviceableTensorFactory(&Node);
}

bool isNamed(const NamedDecl *D, std::initializer_list<llvm::StringRef> Names) {
  return D && D->getIdentifier() && llvm::is_contained(Names, D->getName());
}

bool isClassNamed(QualType T, llvm::StringRef Name) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == Name;
}

bool isEnumNamed(QualType T, llvm::StringRef Name) {
  const auto *ET = T.getNonReferenceType()->getAs<EnumType>();
  return ET && ET->getDecl()->getIdentifier() && ET->getDecl()->getName() == Name;
}

const Expr *peel(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E);
             C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      E = C->getArg(0);
    else
      return E;
  }
}

/// What `.to(x)` was given, through the conversion to TensorOptions.
const Expr *toArgument(const Expr *E) {
  E = peel(E);
  if (const auto *C = dyn_cast<CXXConstructExpr>(E);
      C && C->getNumArgs() == 1 && isClassNamed(C->getType(), "TensorOptions"))
    return peel(C->getArg(0));
  return E;
}

/// A device expression that can be evaluated earlier without changing
/// anything: names, literals, Device constructions from such, and
/// `t.device()` of a tensor.
bool isPlainDevice(const Expr *E) {
  E = peel(E);
  if (isa<DeclRefExpr, IntegerLiteral, StringLiteral, CXXBoolLiteralExpr>(E))
    return true;
  if (isa<CXXThisExpr>(E))
    return true;
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl>(ME->getMemberDecl()) && isPlainDevice(ME->getBase());
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    for (const Expr *A : C->arguments())
      if (!isa<CXXDefaultArgExpr>(A) && !isPlainDevice(A))
        return false;
    return true;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return isNamed(MC->getMethodDecl(), {"device"}) && MC->getNumArgs() == 0 &&
           api::isTensorType(MC->getObjectType()) && MC->getImplicitObjectArgument() &&
           isPlainDevice(MC->getImplicitObjectArgument());
  return false;
}

/// Written options whose whole content is a dtype or a device (so adding
/// the device keeps everything else): `kFloat`, `torch::dtype(kHalf)`,
/// `TensorOptions().dtype(kHalf)`, `torch::kCPU`.
bool onlyDtypeOrDevice(const Expr *E) {
  E = peel(E);
  if (isEnumNamed(E->getType(), "ScalarType") || isEnumNamed(E->getType(), "DeviceType"))
    return isa<DeclRefExpr>(E);
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    if (!isClassNamed(C->getType(), "TensorOptions") && !isClassNamed(C->getType(), "Device"))
      return false;
    for (const Expr *A : C->arguments())
      if (!isa<CXXDefaultArgExpr>(A) && !onlyDtypeOrDevice(A) && !isPlainDevice(A))
        return false;
    return true;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return isNamed(MC->getMethodDecl(), {"dtype", "device"}) &&
           isClassNamed(MC->getObjectType(), "TensorOptions") &&
           MC->getImplicitObjectArgument() && onlyDtypeOrDevice(MC->getImplicitObjectArgument()) &&
           llvm::all_of(MC->arguments(), [](const Expr *A) { return isPlainDevice(A); });
  if (const auto *CE = dyn_cast<CallExpr>(E))
    return isNamed(CE->getDirectCallee(), {"dtype", "device"}) &&
           isClassNamed(CE->getType(), "TensorOptions") &&
           llvm::all_of(CE->arguments(), [](const Expr *A) { return isPlainDevice(A); });
  return false;
}

bool takesTensors(const FunctionDecl &Fn) {
  return llvm::any_of(Fn.parameters(),
                      [](const ParmVarDecl *P) { return api::isTensorType(P->getType()); });
}

/// The TensorOptions parameter of a factory (its last), or -1.
int optionsIndex(const FunctionDecl &FD) {
  unsigned N = FD.getNumParams();
  if (N == 0 || !isClassNamed(FD.getParamDecl(N - 1)->getType(), "TensorOptions"))
    return -1;
  return static_cast<int>(N - 1);
}

/// Whether the device computes the same values as the host would.
bool sameValuesOnDevice(const CallExpr &Factory) {
  const FunctionDecl *FD = Factory.getDirectCallee();
  if (isNamed(FD, {"rand", "randn", "linspace"}))
    return false;
  if (isNamed(FD, {"arange"})) {
    for (unsigned I = 0, N = Factory.getNumArgs(); I + 1 < N; ++I) {
      const Expr *A = peel(Factory.getArg(I));
      // A Scalar built from the value written.
      if (const auto *C = dyn_cast<CXXConstructExpr>(A);
          C && C->getNumArgs() == 1 && isClassNamed(C->getType(), "Scalar"))
        A = peel(C->getArg(0));
      if (!isa<CXXDefaultArgExpr>(A) && !A->getType()->isIntegerType())
        return false;
    }
    int O = optionsIndex(*FD);
    return O < 0 || static_cast<unsigned>(O) >= Factory.getNumArgs() ||
           isa<CXXDefaultArgExpr>(Factory.getArg(O));
  }
  return true;
}

/// The namespace the factory was written with ("torch::", "at::"), for the
/// names the fix adds; "c10::" when written without one.
std::string qualifierOf(const CallExpr &Factory, const ASTContext &Ctx) {
  const auto *DRE = dyn_cast<DeclRefExpr>(Factory.getCallee()->IgnoreParenImpCasts());
  if (!DRE || !DRE->getQualifierLoc())
    return "c10::";
  std::string Q = Lexer::getSourceText(CharSourceRange::getCharRange(
                                           DRE->getQualifierLoc().getSourceRange().getBegin(),
                                           DRE->getNameInfo().getBeginLoc()),
                                       Ctx.getSourceManager(), Ctx.getLangOpts())
                      .str();
  Q.erase(llvm::remove_if(Q, [](char C) { return std::isspace(static_cast<unsigned char>(C)); }),
          Q.end());
  if (Q == "torch::" || Q == "at::" || Q == "::torch::" || Q == "::at::")
    return Q;
  return "c10::";
}

std::vector<FixItHint> createOnDevice(const CallExpr &Factory, const CXXMemberCallExpr &Move,
                                      ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (!isPlainFileRange(Move.getSourceRange(), SM) || !sameValuesOnDevice(Factory))
    return {};
  // What `.to` passes besides the device must be nothing or non_blocking.
  std::string Device;
  const Expr *DeviceArg = nullptr;
  std::string Q = qualifierOf(Factory, Ctx);
  if (Move.getMethodDecl()->getName() == "cuda") {
    if (Move.getNumArgs() != 0 && !llvm::all_of(Move.arguments(), [](const Expr *A) {
          return isa<CXXDefaultArgExpr>(A);
        }))
      return {};
    Device = Q + "kCUDA";
  } else {
    DeviceArg = Move.getArg(0);
    const Expr *First = toArgument(DeviceArg);
    if (!isClassNamed(Move.getMethodDecl()->getParamDecl(0)->getType(), "Device") &&
        !(isClassNamed(Move.getMethodDecl()->getParamDecl(0)->getType(), "TensorOptions") &&
          (isClassNamed(First->getType(), "Device") || isEnumNamed(First->getType(), "DeviceType"))))
      return {};
    for (unsigned I = 1; I < Move.getNumArgs(); ++I) {
      const Expr *A = Move.getArg(I);
      const ParmVarDecl *P = Move.getMethodDecl()->getParamDecl(I);
      if (!isa<CXXDefaultArgExpr>(A) && !(isNamed(P, {"non_blocking"}) &&
                                          isa<CXXBoolLiteralExpr>(A->IgnoreParenImpCasts())))
        return {};
    }
    if (!isPlainDevice(DeviceArg))
      return {};
    Device = sourceText(*DeviceArg, Ctx);
    if (Device.empty())
      return {};
  }
  const FunctionDecl *FD = Factory.getDirectCallee();
  int O = optionsIndex(*FD);
  if (O < 0)
    return {};
  std::vector<FixItHint> Fix;
  const Expr *Options = static_cast<unsigned>(O) < Factory.getNumArgs() ? Factory.getArg(O) : nullptr;
  if (!Options || isa<CXXDefaultArgExpr>(Options)) {
    bool NoArgs = llvm::all_of(Factory.arguments(),
                               [](const Expr *A) { return isa<CXXDefaultArgExpr>(A); });
    Fix.push_back(FixItHint::CreateInsertion(
        Factory.getRParenLoc(), (NoArgs ? "" : ", ") + Q + "TensorOptions().device(" + Device + ")"));
  } else {
    if (!onlyDtypeOrDevice(Options))
      return {};
    std::string Text = sourceText(*Options, Ctx);
    CharSourceRange R = fileRange(Options->getSourceRange(), Ctx);
    if (Text.empty() || R.isInvalid())
      return {};
    Fix.push_back(FixItHint::CreateReplacement(
        R, Q + "TensorOptions(" + Text + ").device(" + Device + ")"));
  }
  // Drop `.to(...)` / `.cuda()` after the factory call.
  const Expr *Object = Move.getImplicitObjectArgument();
  SourceLocation AfterObject =
      Lexer::getLocForEndOfToken(Object->getEndLoc(), 0, SM, Ctx.getLangOpts());
  if (AfterObject.isInvalid())
    return {};
  CharSourceRange Tail =
      CharSourceRange::getCharRange(AfterObject, Lexer::getLocForEndOfToken(
                                                     Move.getEndLoc(), 0, SM, Ctx.getLangOpts()));
  // Comments on `.to`'s arguments go with them; a directive would change
  // what is compiled.
  if (hasDirectiveBetween(Tail.getBegin(), Tail.getEnd(), Ctx))
    return {};
  Fix.push_back(FixItHint::CreateRemoval(Tail));
  return Fix;
}
} // namespace

void HostTensorToDeviceCheck::registerMatchers(MatchFinder *Finder) {
  registerBaseMatchers(*Finder);
  Finder->addMatcher(
      traverse(TK_AsIs,
               cxxMemberCallExpr(unless(isExpansionInSystemHeader()),
                                 callee(cxxMethodDecl(hasAnyName("to", "cuda"))),
                                 on(ignoringImplicit(
                                     callExpr(callee(functionDecl(isDeviceableFactory())))
                                         .bind(FactoryId))))
                   .bind(CandidateId)),
      this);
}

void HostTensorToDeviceCheck::analyze(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const auto *Move = Result.Nodes.getNodeAs<CXXMemberCallExpr>(CandidateId);
  const auto *Factory = Result.Nodes.getNodeAs<CallExpr>(FactoryId);
  const FunctionDecl *Fn = Move ? enclosingCallable(*Move, Ctx) : nullptr;
  if (!Fn || !Factory || Fn->isDependentContext() || inBrokenCode(*Fn, Ctx))
    return;
  if (peel(Move->getImplicitObjectArgument()) != Factory)
    return;
  // `.to(kCUDA)`, `.cuda()`, or `.to(device)` with a Device variable.
  bool ToDevice = api::isTensorToDevice(Move, Ctx);
  if (!ToDevice && Move->getMethodDecl()->getName() == "to" && Move->getNumArgs() >= 1) {
    const Expr *First = toArgument(Move->getArg(0));
    ToDevice = isa<DeclRefExpr, MemberExpr, CXXMemberCallExpr>(First) &&
               isClassNamed(First->getType(), "Device");
  }
  if (!ToDevice)
    return;
  std::optional<RepeatPath> Path = repeatedPath(*Move, *Fn, Ctx);
  // An operator of a libtorch extension (a function that takes tensors)
  // runs once per batch, bound in another file more often than not.
  bool Operator = !Path && takesTensors(*Fn) &&
                  !isSetupFunction(*Fn, graph(Ctx), SetupWords, 3, /*MainIsSetup=*/true);
  if (!Path && !Operator)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(Factory->getBeginLoc());
  if (!Reported.insert(Loc).second)
    return;
  std::vector<FixItHint> Fix = createOnDevice(*Factory, *Move, Ctx);
  bool OwnLoop = Path && Path->K == RepeatPath::Kind::Loop && Path->Calls.empty();
  {
    auto D = diag(Loc, withTag("%0 builds the tensor on the host and %1 copies it to the "
                               "device on every %select{iteration|call of %3}2; create it on "
                               "the device (the device in its TensorOptions)",
                               ContextTag));
    D << Factory->getDirectCallee() << Move->getMethodDecl() << !OwnLoop << Fn;
    D << SM.getExpansionRange(Factory->getSourceRange()).getAsRange();
    for (const FixItHint &H : Fix)
      D << H;
  }
  if (!Path)
    return;
  describePath(*Path, SM, [&](SourceLocation L, llvm::StringRef Text, const NamedDecl *N) {
    auto Note = diag(L, Text, DiagnosticIDs::Note);
    if (N)
      Note << N;
  });
}

} // namespace sysopt
