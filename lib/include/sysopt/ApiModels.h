//===- ApiModels.h - what sysopt knows about CUDA, cuBLAS, NCCL, libtorch -===//
//
// API knowledge lives here once; checks ask these functions instead of
// matching names themselves. Names cover the spellings the real headers
// produce: cudaMemcpy becomes cudaMemcpy_ptds and cudaMemcpyAsync becomes
// cudaMemcpyAsync_ptsz under CUDA_API_PER_THREAD_DEFAULT_STREAM.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_APIMODELS_H
#define SYSOPT_APIMODELS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace sysopt::api {

//===--- CUDA runtime -----------------------------------------------------===//

/// cudaMemcpyKind's values, as the CUDA runtime defines them.
enum class MemcpyKind {
  HostToHost = 0,
  HostToDevice = 1,
  DeviceToHost = 2,
  DeviceToDevice = 3,
  Default = 4,
};

/// A call to a linear copy: cudaMemcpy(dst, src, count, kind) and
/// cudaMemcpyAsync(dst, src, count, kind, stream = 0), or host memcpy/memmove.
struct LinearCopy {
  const clang::CallExpr *Call = nullptr;
  const clang::Expr *Dst = nullptr;
  const clang::Expr *Src = nullptr;
  const clang::Expr *Bytes = nullptr;
  /// The kind argument when it is a constant; nullopt for host memcpy and for
  /// a kind computed at run time.
  std::optional<MemcpyKind> Kind;
  bool IsCuda = false;
  bool IsAsync = false;
};

/// The names of the CUDA runtime's linear copies, every spelling.
/// The name the user wrote for a CUDA runtime function: with
/// `--default-stream per-thread` the runtime's headers turn `cudaMemcpy`
/// into `cudaMemcpy_ptds` (and `cudaMemcpyAsync` into `..._ptsz`), which a
/// diagnostic should not show.
const clang::IdentifierInfo *spelledApiName(const clang::FunctionDecl &FD);

llvm::ArrayRef<llvm::StringRef> cudaLinearCopyNames();
/// The host copies: memcpy, memmove (global or std::).
llvm::ArrayRef<llvm::StringRef> hostCopyNames();

/// Recognizes a CUDA or host linear copy by callee name and arity.
std::optional<LinearCopy> asLinearCopy(const clang::CallExpr *Call,
                                       const clang::ASTContext &Ctx);

/// Calls whose repetition inside a loop the hoisting check cares about.
enum class RepeatedCallKind {
  None,
  /// Reads memory only, result depends on the arguments: strlen, wcslen.
  PureQuery,
  /// Reads the process environment: getenv, secure_getenv.
  EnvQuery,
  /// Asks the CUDA runtime about a device: cudaGetDeviceProperties(_v2),
  /// cudaDeviceGetAttribute, cudaGetDevice, cudaGetDeviceCount.
  DeviceQuery,
  /// Creates a library handle: cublasCreate(_v2), cublasLtCreate, cudnnCreate,
  /// cudaStreamCreate(WithFlags), cudaEventCreate(WithFlags), ncclCommInitRank.
  HandleCreate,
  /// Destroys one: cublasDestroy(_v2), cudnnDestroy, cudaStreamDestroy, ...
  HandleDestroy,
  /// Builds a tensor whose value depends on the arguments only: at::/torch::
  /// ones, zeros, full, arange, eye, linspace, tensor (not empty or rand*).
  TensorFactory,
};
RepeatedCallKind classifyRepeatedCall(const clang::FunctionDecl *FD);

/// What a call inside a loop is, for the batching check.
enum class BatchableKind {
  None,
  /// cudaMemcpy, cudaMemcpyAsync (every spelling).
  Transfer,
  /// cublas{S,D,H}gemm(_v2)(_64), cublasGemmEx.
  Gemm,
  /// ncclAllReduce, ncclBroadcast, ncclReduce, ncclAllGather,
  /// ncclReduceScatter, ncclSend, ncclRecv, and their pnccl twins.
  Collective,
  /// cudaLaunchKernel (a <<<>>> launch is a CUDAKernelCallExpr).
  KernelLaunch,
};
BatchableKind classifyBatchable(const clang::FunctionDecl *FD);

/// ncclGroupStart / pncclGroupStart.
bool isNcclGroupStart(const clang::FunctionDecl *FD);
/// Whether calling `FD` (or constructing an object with it) opens an NCCL
/// group: ncclGroupStart itself, a function or constructor whose body (seen
/// in this translation unit) calls it, or the constructor of an RAII group
/// guard defined elsewhere, recognised by its class name (`AutoNcclGroup`,
/// `NCCLGroupGuard`: the name contains "ncclgroup", any case).
bool opensNcclGroup(const clang::FunctionDecl *FD);
/// cudaStreamBeginCapture (also _ptsz) and cudaGraph APIs that capture.
bool isStreamCaptureBegin(const clang::FunctionDecl *FD);
/// Host-blocking synchronization: cudaDeviceSynchronize,
/// cudaStreamSynchronize, cudaEventSynchronize.
bool isHostSync(const clang::FunctionDecl *FD);

/// Functions that change the environment getenv reads.
bool isEnvironmentWriter(const clang::FunctionDecl *FD);
/// cudaSetDevice: a loop that calls it queries a different device each time.
bool isSetDevice(const clang::FunctionDecl *FD);

//===--- libtorch ---------------------------------------------------------===//

/// at::Tensor (torch::Tensor is an alias) or at::TensorBase.
bool isTensorType(clang::QualType T);

/// Tensor methods that write the tensor's data or metadata in place, or hand
/// out a way to write it. libtorch declares in-place ops `const`, so const-ness
/// says nothing here: `add_`, `copy_`, `zero_`, `index_put_`, `set_`,
/// `resize_`, `data_ptr`, `mutable_data_ptr`, `accessor`, `packed_accessor*`,
/// compound assignments and `operator=` on a tensor (which writes into its
/// storage when it is an indexed view).
bool isTensorWritingMethod(llvm::StringRef Name);

/// Free functions that write one of their tensor arguments: `*_out`,
/// `*_outf` and in-place `*_` functions (at::add_out, torch::relu_).
bool isTensorWritingFunction(llvm::StringRef Name);

/// Ops that always return a newly allocated tensor, never a view or the
/// input itself: out-of-place arithmetic, reductions, activations, matmuls
/// (methods, at::/torch:: functions and the free operators). `to`, `cpu`,
/// `contiguous`, `reshape`, `view` may return their input or a view and are
/// deliberately absent.
bool isFreshTensorOp(llvm::StringRef Name);

/// Methods that copy a tensor to the host: `.cpu()`, or `.to(kCPU)`.
bool isTensorToHost(const clang::CXXMemberCallExpr *Call,
                    const clang::ASTContext &Ctx);
/// Methods that copy a tensor to a CUDA device: `.cuda()`, `.to(kCUDA)`,
/// `.to(torch::Device(kCUDA, ...))`, `.to(at::kCUDA, ...)`.
bool isTensorToDevice(const clang::CXXMemberCallExpr *Call,
                      const clang::ASTContext &Ctx);

} // namespace sysopt::api

#endif
