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
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"
#include <optional>
#include <string>
#include <vector>

namespace sysopt::api {

//===--- The table ----------------------------------------------------------===//
//
// One row per function of the C APIs real AI-infra host code calls (CUDA
// runtime and driver, cuBLAS, cuBLASLt, cuDNN, NCCL, the C library): the role
// it plays on a serial path and where its interesting arguments are. Checks
// ask for the row instead of matching names; project wrappers get a role
// through the `ApiWrappers` option (see WrapperRoles).

enum class Role : uint8_t {
  None,
  Launch,        ///< runs device work: cudaLaunchKernel, cuLaunchKernel, cub::Device*
  Transfer,      ///< copies memory: cudaMemcpy*, cuMemcpy*
  Memset,        ///< fills memory: cudaMemset*, cuMemsetD*
  Gemm,          ///< a matrix product: cublas*gemm*, cublasLtMatmul
  Collective,    ///< an NCCL operation, including send/recv
  Sync,          ///< the host waits: cudaDeviceSynchronize, cudaStreamSynchronize, ...
  StreamWait,    ///< a stream waits for an event: cudaStreamWaitEvent
  EventRecord,   ///< cudaEventRecord
  Alloc,         ///< cudaMalloc, cudaMallocHost, cudaHostAlloc, cuMemAlloc, ...
  Free,          ///< cudaFree, cudaFreeHost, cuMemFree, ...
  Query,         ///< asks about a device or kernel: cudaGetDeviceProperties, ...
  Search,        ///< an algorithm search: cublasLtMatmulAlgoGetHeuristic, cudnnFind*
  Configure,     ///< sets an idempotent attribute: cudaFuncSetAttribute
  HandleCreate,  ///< creates a handle or descriptor (first argument: its address)
  HandleDestroy, ///< destroys one (first argument: the handle)
  PureQuery,     ///< reads only its arguments' memory: strlen, wcslen
  EnvQuery,      ///< reads the environment: getenv
  EnvWrite,      ///< writes it: setenv, putenv, unsetenv, clearenv
  SetDevice,     ///< cudaSetDevice, cuCtxSetCurrent
  GroupStart,    ///< ncclGroupStart
  GroupEnd,      ///< ncclGroupEnd
  CaptureBegin,  ///< cudaStreamBeginCapture
  CaptureEnd,    ///< cudaStreamEndCapture
  PerElement,    ///< a standard algorithm that calls its function argument per element
  HostCopy,      ///< memcpy, memmove: host memory only, nothing to batch on a device
  Timing,        ///< reads a clock: cudaEventElapsedTime, gettimeofday, clock_gettime
  HostAlloc,     ///< pageable host memory: malloc, calloc, realloc, aligned_alloc, strdup
  Flush,         ///< pushes buffered output to the OS or the disk: fflush, fsync, std::endl
};

/// Where the memory an allocation returns (or registers) lives.
enum class MemSpace : uint8_t {
  Unknown,
  Device,   ///< cudaMalloc, cuMemAlloc
  Pinned,   ///< page-locked host memory: cudaMallocHost, cudaHostAlloc, cudaHostRegister
  Managed,  ///< cudaMallocManaged
  Pageable, ///< malloc and friends (Role::HostAlloc)
};

/// The table's word for a role, as diagnostics and the ApiWrappers option
/// spell it: "launch", "transfer", "gemm", "collective", ...
llvm::StringRef roleName(Role R);
/// The role a word names (roleName's inverse); nullopt for other words.
std::optional<Role> roleFromName(llvm::StringRef Name);
/// "a kernel launch", "a transfer", "a GEMM", "a collective", "a memset".
llvm::StringRef roleNoun(Role R);
/// Whether the role issues device work that one call could do for many
/// iterations: Launch, Transfer, Memset, Gemm, Collective.
bool isBatchableRole(Role R);

enum class Family : uint8_t { CudaRuntime, CudaDriver, Cublas, CublasLt, Cudnn, Nccl, Cub, LibC, Std };

struct ApiEntry {
  llvm::StringLiteral Name;
  Role R;
  Family F;
  /// Argument positions; -1 when the function has no such argument.
  int8_t Dst = -1, Src = -1, Bytes = -1, Kind = -1, Stream = -1;
  /// For Role::Alloc and Role::HostAlloc: the memory it returns, through
  /// its result or the address at Dst.
  MemSpace Space = MemSpace::Unknown;
};

/// The row for `FD` (a declaration of the C API at global scope, or of
/// std::, or a cub::Device* algorithm), or nullptr.
const ApiEntry *lookupApi(const clang::FunctionDecl *FD);
/// A descriptor that describes one operation (cuBLASLt matmul descriptors,
/// layouts and preferences, cuDNN descriptors): its create is
/// Role::HandleCreate, and creating it around each operation is the pattern.
bool isOperationDescriptor(const clang::FunctionDecl *FD);

/// A query that costs microseconds or more (cudaGetDeviceProperties fills a
/// large struct through the driver; occupancy and attribute queries), unlike
/// cudaGetDevice or cudaDeviceGetAttribute, which read cached values.
bool isCostlyQuery(const clang::FunctionDecl *FD);

/// A standard function that constructs an object from forwarded arguments
/// (emplace_back, try_emplace, make_shared, make_pair, ...): an lvalue
/// argument is copied into the object, an rvalue one moved.
bool isConstructingForwarder(const clang::FunctionDecl *FD);
/// lookupApi(FD)->R, or Role::None.
Role roleOf(const clang::FunctionDecl *FD);
/// Every row, for the documentation test.
llvm::ArrayRef<ApiEntry> apiTable();

/// Project functions that play a role of the table: `ApiWrappers` is a
/// `;`-separated list of `regex=role` (`fromDevice=transfer;
/// runMatrixMult=gemm;collective::GlobalSum=collective`), the regex matched
/// against the fully qualified name as FunctionNameList does.
class WrapperRoles {
public:
  explicit WrapperRoles(llvm::StringRef Spec);
  /// The wrapper's role, else the table's.
  Role roleOf(const clang::FunctionDecl *FD) const;
  /// Only the wrappers' role (Role::None for table functions).
  Role wrapperRole(const clang::FunctionDecl *FD) const;
  const std::vector<std::string> &errors() const { return Errors; }

private:
  std::vector<std::pair<llvm::Regex, Role>> Patterns;
  std::vector<std::string> Errors;
};

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
  /// Asks the CUDA runtime about a device or kernel (Role::Query):
  /// cudaGetDeviceProperties(_v2), cudaDeviceGetAttribute, cudaGetDevice,
  /// cudaFuncGetAttributes, cudaOccupancy*, ...
  DeviceQuery,
  /// Searches for an algorithm (Role::Search): cublasLtMatmulAlgoGetHeuristic,
  /// cudnnFind*Algorithm, cudnnGet*Algorithm_v7.
  Search,
  /// Sets an attribute to the same value each time (Role::Configure):
  /// cudaFuncSetAttribute, cudaFuncSetCacheConfig, cudaDeviceSetLimit.
  Configure,
  /// Creates a library handle or descriptor (Role::HandleCreate):
  /// cublasCreate(_v2), cublasLt*Create, cudnnCreate*, cudaStreamCreate*,
  /// cudaEventCreate*, ncclCommInitRank, ncclRedOpCreatePreMulSum.
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
  /// Role::Transfer of a GPU API: cudaMemcpy*, cuMemcpy*.
  Transfer,
  /// Role::Memset: cudaMemset*, cuMemsetD*.
  Memset,
  /// cublas{S,D,H}gemm(_v2)(_64), cublasGemmEx.
  Gemm,
  /// ncclAllReduce, ncclBroadcast, ncclReduce, ncclAllGather,
  /// ncclReduceScatter, ncclSend, ncclRecv, and their pnccl twins.
  Collective,
  /// Role::Launch: cudaLaunchKernel(Ex), cuLaunchKernel, cub::Device*
  /// algorithms (a <<<>>> launch is a CUDAKernelCallExpr).
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
/// Reads a clock: Role::Timing of the table, std::chrono's `now()`, or a
/// project's timer helper (a function or class named with "timer",
/// "stopwatch" or "elapsed": sdkStartTimer, StopWatchInterface::stop).
bool isClockRead(const clang::FunctionDecl *FD);
/// Hands data to another thread or process, which may read what the device
/// wrote: MPI_*, pthread_cond_*, sem_post, std::condition_variable::notify_*,
/// std::promise::set_value, stores to a std::atomic.
bool isHostHandoff(const clang::FunctionDecl *FD);
/// A transfer of the table that may copy into host memory: device-to-host
/// or default kind, or a direction it cannot tell (a kind computed at run
/// time, cudaMemcpy3D, cuMemcpy).
bool mayCopyToHost(const clang::CallExpr &Call, const clang::ASTContext &Ctx);

/// An asynchronous copy of the table (cudaMemcpyAsync, cudaMemcpy2DAsync,
/// cudaMemcpyToSymbolAsync, cuMemcpyHtoDAsync, ...) and the arguments that
/// may point to host memory: the source of a host-to-device copy, the
/// destination of a device-to-host copy, both for a default-kind (unified
/// addressing) copy. Empty for device-to-device and host-to-host kinds, a
/// kind computed at run time, and copies through a descriptor
/// (cudaMemcpy3DAsync).
struct AsyncHostSide {
  const clang::Expr *Arg = nullptr;
  bool IntoHost = false; ///< the device writes it (device-to-host)
};
llvm::SmallVector<AsyncHostSide, 2> asyncCopyHostSides(const clang::CallExpr &Call,
                                                       const clang::ASTContext &Ctx);

/// What memory an allocation call of the table returns, or MemSpace::Unknown.
MemSpace allocatedSpace(const clang::FunctionDecl *FD);

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

/// A factory that builds a tensor from its arguments alone and takes its
/// device from a TensorOptions argument: at::/torch:: zeros, ones, full,
/// empty, arange, linspace, eye, rand, randn (not `tensor`, `from_blob` or
/// the `*_like` functions, whose data or device come from elsewhere).
bool isDeviceableTensorFactory(const clang::FunctionDecl *FD);

/// Methods that copy a tensor to the host: `.cpu()`, or `.to(kCPU)`.
bool isTensorToHost(const clang::CXXMemberCallExpr *Call,
                    const clang::ASTContext &Ctx);
/// Methods that copy a tensor to a CUDA device: `.cuda()`, `.to(kCUDA)`,
/// `.to(torch::Device(kCUDA, ...))`, `.to(at::kCUDA, ...)`.
bool isTensorToDevice(const clang::CXXMemberCallExpr *Call,
                      const clang::ASTContext &Ctx);

//===--- C++ streams --------------------------------------------------------===//

/// `std::basic_ostream::flush` (the member; the manipulators std::endl and
/// std::flush and the C functions are rows of the table, Role::Flush).
bool isStreamFlushMethod(const clang::CXXMethodDecl *MD);

} // namespace sysopt::api

#endif
