#include "sysopt/ApiModels.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace sysopt::api {

const IdentifierInfo *spelledApiName(const FunctionDecl &FD) {
  const IdentifierInfo *Id = FD.getIdentifier();
  if (!Id)
    return nullptr;
  llvm::StringRef Name = Id->getName();
  if (!Name.starts_with("cuda") ||
      !(Name.consume_back("_ptds") || Name.consume_back("_ptsz")))
    return Id;
  return &FD.getASTContext().Idents.get(Name);
}

static const llvm::StringRef CudaLinearCopies[] = {
    "cudaMemcpy", "cudaMemcpy_ptds", "cudaMemcpyAsync", "cudaMemcpyAsync_ptsz"};
static const llvm::StringRef HostCopies[] = {"memcpy", "memmove"};

llvm::ArrayRef<llvm::StringRef> cudaLinearCopyNames() {
  return CudaLinearCopies;
}
llvm::ArrayRef<llvm::StringRef> hostCopyNames() { return HostCopies; }

static llvm::StringRef calleeName(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getDeclName().isIdentifier())
    return "";
  return FD->getName();
}

std::optional<LinearCopy> asLinearCopy(const CallExpr *Call,
                                       const ASTContext &Ctx) {
  llvm::StringRef Name = calleeName(Call);
  if (Name.empty())
    return std::nullopt;
  const FunctionDecl *FD = Call->getDirectCallee();
  LinearCopy LC;
  LC.Call = Call;
  if (llvm::is_contained(CudaLinearCopies, Name)) {
    if (Call->getNumArgs() < 4 ||
        !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
      return std::nullopt;
    LC.IsCuda = true;
    LC.IsAsync = Name.starts_with("cudaMemcpyAsync");
    Expr::EvalResult R;
    const Expr *KindArg = Call->getArg(3)->IgnoreParenImpCasts();
    if (!KindArg->isValueDependent() && KindArg->EvaluateAsInt(R, Ctx)) {
      int64_t V = R.Val.getInt().getExtValue();
      if (V >= 0 && V <= 4)
        LC.Kind = static_cast<MemcpyKind>(V);
    }
  } else if (llvm::is_contained(HostCopies, Name)) {
    if (Call->getNumArgs() != 3)
      return std::nullopt;
    const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
    if (!DC->isTranslationUnit() && !DC->isStdNamespace())
      return std::nullopt;
    LC.Kind = MemcpyKind::HostToHost;
  } else {
    return std::nullopt;
  }
  LC.Dst = Call->getArg(0);
  LC.Src = Call->getArg(1);
  LC.Bytes = Call->getArg(2);
  return LC;
}

static bool isGlobalC(const FunctionDecl *FD) {
  return FD->getDeclContext()->getRedeclContext()->isTranslationUnit() ||
         FD->getDeclContext()->getRedeclContext()->isStdNamespace();
}

static bool inTorchNamespace(const FunctionDecl *FD) {
  const DeclContext *DC = FD->getDeclContext();
  const NamespaceDecl *Outer = nullptr;
  for (; DC && !DC->isTranslationUnit(); DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Outer = NS;
  return Outer && Outer->getIdentifier() &&
         (Outer->getName() == "at" || Outer->getName() == "torch");
}

RepeatedCallKind classifyRepeatedCall(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return RepeatedCallKind::None;
  llvm::StringRef N = FD->getName();
  if (isGlobalC(FD)) {
    static const llvm::StringRef Pure[] = {"strlen", "wcslen"};
    static const llvm::StringRef Env[] = {"getenv", "secure_getenv"};
    static const llvm::StringRef Device[] = {
        "cudaGetDeviceProperties", "cudaGetDeviceProperties_v2",
        "cudaDeviceGetAttribute", "cudaGetDevice", "cudaGetDeviceCount"};
    static const llvm::StringRef Create[] = {
        "cublasCreate", "cublasCreate_v2", "cublasLtCreate", "cudnnCreate",
        "cudaStreamCreate", "cudaStreamCreateWithFlags",
        "cudaStreamCreateWithPriority", "cudaEventCreate",
        "cudaEventCreateWithFlags", "ncclCommInitRank", "ncclCommInitAll"};
    static const llvm::StringRef Destroy[] = {
        "cublasDestroy", "cublasDestroy_v2", "cublasLtDestroy", "cudnnDestroy",
        "cudaStreamDestroy", "cudaEventDestroy", "ncclCommDestroy"};
    if (llvm::is_contained(Pure, N))
      return RepeatedCallKind::PureQuery;
    if (llvm::is_contained(Env, N))
      return RepeatedCallKind::EnvQuery;
    if (llvm::is_contained(Device, N))
      return RepeatedCallKind::DeviceQuery;
    if (llvm::is_contained(Create, N))
      return RepeatedCallKind::HandleCreate;
    if (llvm::is_contained(Destroy, N))
      return RepeatedCallKind::HandleDestroy;
  }
  if (inTorchNamespace(FD)) {
    static const llvm::StringRef Factories[] = {"ones",  "zeros",    "full",
                                                "arange", "eye",     "linspace",
                                                "tensor", "ones_like", "zeros_like"};
    if (llvm::is_contained(Factories, N))
      return RepeatedCallKind::TensorFactory;
  }
  return RepeatedCallKind::None;
}

BatchableKind classifyBatchable(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || !isGlobalC(FD))
    return BatchableKind::None;
  llvm::StringRef N = FD->getName();
  if (llvm::is_contained(CudaLinearCopies, N))
    return BatchableKind::Transfer;
  static const llvm::StringRef Gemms[] = {
      "cublasSgemm",    "cublasSgemm_v2", "cublasSgemm_v2_64", "cublasSgemm_64",
      "cublasDgemm",    "cublasDgemm_v2", "cublasDgemm_v2_64", "cublasDgemm_64",
      "cublasHgemm",    "cublasHgemm_64", "cublasGemmEx",      "cublasGemmEx_64"};
  if (llvm::is_contained(Gemms, N))
    return BatchableKind::Gemm;
  llvm::StringRef Base = N;
  Base.consume_front("p");
  static const llvm::StringRef Collectives[] = {
      "ncclAllReduce", "ncclBroadcast",     "ncclReduce", "ncclAllGather",
      "ncclReduceScatter", "ncclSend", "ncclRecv"};
  if (llvm::is_contained(Collectives, Base))
    return BatchableKind::Collective;
  if (N == "cudaLaunchKernel" || N == "cudaLaunchKernel_ptsz")
    return BatchableKind::KernelLaunch;
  return BatchableKind::None;
}

bool isNcclGroupStart(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() && isGlobalC(FD) &&
         (FD->getName() == "ncclGroupStart" || FD->getName() == "pncclGroupStart");
}

bool opensNcclGroup(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (isNcclGroupStart(FD))
    return true;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    if (const IdentifierInfo *Class = Ctor->getParent()->getIdentifier())
      if (Class->getName().lower().find("ncclgroup") != std::string::npos)
        return true;
  // One level into a body this translation unit sees: a guard's constructor,
  // or a helper that starts a group and leaves it open for its caller.
  const Stmt *Body = FD->getBody();
  if (!Body)
    return false;
  auto IsGroupEnd = [](const FunctionDecl &Callee) {
    return Callee.getIdentifier() && isGlobalC(&Callee) &&
           (Callee.getName() == "ncclGroupEnd" || Callee.getName() == "pncclGroupEnd");
  };
  return callsAny(*Body, [](const FunctionDecl &F) { return isNcclGroupStart(&F); }) &&
         (isa<CXXConstructorDecl>(FD) || !callsAny(*Body, IsGroupEnd));
}

bool isStreamCaptureBegin(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() && isGlobalC(FD) &&
         FD->getName().starts_with("cudaStreamBeginCapture");
}

bool isHostSync(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || !isGlobalC(FD))
    return false;
  llvm::StringRef N = FD->getName();
  return N == "cudaDeviceSynchronize" || N.starts_with("cudaStreamSynchronize") ||
         N == "cudaEventSynchronize";
}

bool isEnvironmentWriter(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || !isGlobalC(FD))
    return false;
  llvm::StringRef N = FD->getName();
  return N == "setenv" || N == "putenv" || N == "unsetenv" || N == "clearenv";
}

bool isSetDevice(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() && isGlobalC(FD) &&
         FD->getName() == "cudaSetDevice";
}

bool isTensorType(QualType T) {
  if (T.isNull())
    return false;
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  if (RD->getName() != "Tensor" && RD->getName() != "TensorBase")
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(RD->getDeclContext());
  return NS && NS->getIdentifier() && NS->getName() == "at" &&
         NS->getParent()->getRedeclContext()->isTranslationUnit();
}

bool isTensorWritingMethod(llvm::StringRef Name) {
  if (Name.ends_with("_") && !Name.starts_with("_"))
    return true; // add_, copy_, zero_, index_put_, requires_grad_, ...
  static const llvm::StringRef Writers[] = {
      "data_ptr",         "mutable_data_ptr",
      "accessor",         "packed_accessor32",
      "packed_accessor64", "generic_packed_accessor",
      "operator=",        "operator+=",
      "operator-=",       "operator*=",
      "operator/=",       "operator&=",
      "operator|=",       "operator^=",
      "operator<<=",      "operator>>=",
      "unsafeGetTensorImpl", "mutable_grad",
      "set_data",         "storage"};
  return llvm::is_contained(Writers, Name);
}

bool isTensorWritingFunction(llvm::StringRef Name) {
  return Name.ends_with("_out") || Name.ends_with("_outf") ||
         (Name.ends_with("_") && !Name.starts_with("_"));
}

bool isFreshTensorOp(llvm::StringRef Name) {
  static const llvm::StringRef Fresh[] = {
      "+",        "-",          "*",        "/",       "add",     "sub",
      "rsub",     "mul",        "div",      "matmul",  "mm",      "bmm",
      "addmm",    "baddbmm",    "linear",   "sum",     "mean",    "prod",
      "softmax",  "log_softmax", "relu",    "gelu",    "silu",    "sigmoid",
      "tanh",     "exp",        "log",      "pow",     "sqrt",    "rsqrt",
      "neg",      "abs",        "clamp",    "norm",    "std",     "var",
      "cumsum",   "eq",         "ne",       "lt",      "le",      "gt",
      "ge",       "where",      "cat",      "stack",   "clone",   "argmax",
      "argmin",   "masked_fill", "index_select", "gather", "layer_norm",
      "embedding", "amax",      "amin",     "logsumexp", "square", "reciprocal"};
  return llvm::is_contained(Fresh, Name);
}

// The device type named by a `.to(...)` argument: kCPU/kCUDA enumerators,
// at::Device(kCUDA, ...) / torch::Device(...) constructions, or string
// literals ("cuda", "cuda:0", "cpu").
enum class DeviceKind { CPU, CUDA, Other };
static DeviceKind deviceKindOf(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    E = MT->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
    E = BT->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
    E = FC->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (CE->getNumArgs() >= 1)
      return deviceKindOf(CE->getArg(0), Ctx);
    return DeviceKind::Other;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl())) {
      if (EC->getName() == "kCPU" || EC->getName() == "CPU")
        return DeviceKind::CPU;
      if (EC->getName() == "kCUDA" || EC->getName() == "CUDA")
        return DeviceKind::CUDA;
    }
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      // `constexpr DeviceType kCUDA = DeviceType::CUDA;` in c10.
      if (VD->getName() == "kCPU")
        return DeviceKind::CPU;
      if (VD->getName() == "kCUDA")
        return DeviceKind::CUDA;
    }
  }
  if (const auto *SL = dyn_cast<StringLiteral>(E)) {
    if (SL->getString() == "cpu")
      return DeviceKind::CPU;
    if (SL->getString().starts_with("cuda"))
      return DeviceKind::CUDA;
  }
  return DeviceKind::Other;
}

static bool isTensorMethod(const CXXMemberCallExpr *Call,
                           llvm::StringRef Name) {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  return MD && MD->getIdentifier() && MD->getName() == Name &&
         isTensorType(Call->getObjectType());
}

bool isTensorToHost(const CXXMemberCallExpr *Call, const ASTContext &Ctx) {
  if (isTensorMethod(Call, "cpu"))
    return true;
  return isTensorMethod(Call, "to") && Call->getNumArgs() >= 1 &&
         deviceKindOf(Call->getArg(0), Ctx) == DeviceKind::CPU;
}

bool isTensorToDevice(const CXXMemberCallExpr *Call, const ASTContext &Ctx) {
  if (isTensorMethod(Call, "cuda"))
    return true;
  return isTensorMethod(Call, "to") && Call->getNumArgs() >= 1 &&
         deviceKindOf(Call->getArg(0), Ctx) == DeviceKind::CUDA;
}

} // namespace sysopt::api
