#include "sysopt/ApiModels.h"
#include "sysopt/UsageAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "sysopt/CopyCost.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace clang;

namespace sysopt::api {

const IdentifierInfo *spelledApiName(const FunctionDecl &FD) {
  const IdentifierInfo *Id = FD.getIdentifier();
  if (!Id)
    return nullptr;
  llvm::StringRef Name = Id->getName();
  // The headers' macros: cudaMemcpy -> cudaMemcpy_ptds (per-thread default
  // stream), cublasSgemm -> cublasSgemm_v2, cuMemcpyHtoD -> cuMemcpyHtoD_v2.
  bool Renamed = (Name.starts_with("cuda") &&
                  (Name.consume_back("_ptds") || Name.consume_back("_ptsz"))) ||
                 ((Name.starts_with("cublas") || Name.starts_with("cu")) &&
                  Name.consume_back("_v2"));
  if (!Renamed)
    return Id;
  return &FD.getASTContext().Idents.get(Name);
}

namespace {
using R = Role;
using F = Family;
using S = MemSpace;
constexpr int8_t N = -1;
// Name, role, family, then Dst, Src, Bytes, Kind, Stream positions.
const ApiEntry Table[] = {
    // CUDA runtime: transfers and fills.
    {"cudaMemcpy", R::Transfer, F::CudaRuntime, 0, 1, 2, 3, N},
    {"cudaMemcpy_ptds", R::Transfer, F::CudaRuntime, 0, 1, 2, 3, N},
    {"cudaMemcpyAsync", R::Transfer, F::CudaRuntime, 0, 1, 2, 3, 4},
    {"cudaMemcpyAsync_ptsz", R::Transfer, F::CudaRuntime, 0, 1, 2, 3, 4},
    {"cudaMemcpy2D", R::Transfer, F::CudaRuntime, 0, 2, N, 6, N},
    {"cudaMemcpy2D_ptds", R::Transfer, F::CudaRuntime, 0, 2, N, 6, N},
    {"cudaMemcpy2DAsync", R::Transfer, F::CudaRuntime, 0, 2, N, 6, 7},
    {"cudaMemcpy2DAsync_ptsz", R::Transfer, F::CudaRuntime, 0, 2, N, 6, 7},
    {"cudaMemcpy3D", R::Transfer, F::CudaRuntime},
    {"cudaMemcpy3D_ptds", R::Transfer, F::CudaRuntime},
    {"cudaMemcpy3DAsync", R::Transfer, F::CudaRuntime, N, N, N, N, 1},
    {"cudaMemcpy3DAsync_ptsz", R::Transfer, F::CudaRuntime, N, N, N, N, 1},
    {"cudaMemcpyToSymbol", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, N},
    {"cudaMemcpyToSymbol_ptds", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, N},
    {"cudaMemcpyToSymbolAsync", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, 5},
    {"cudaMemcpyToSymbolAsync_ptsz", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, 5},
    {"cudaMemcpyFromSymbol", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, N},
    {"cudaMemcpyFromSymbol_ptds", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, N},
    {"cudaMemcpyFromSymbolAsync", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, 5},
    {"cudaMemcpyFromSymbolAsync_ptsz", R::Transfer, F::CudaRuntime, 0, 1, 2, 4, 5},
    {"cudaMemcpyPeer", R::Transfer, F::CudaRuntime, 0, 2, 4, N, N},
    {"cudaMemcpyPeerAsync", R::Transfer, F::CudaRuntime, 0, 2, 4, N, 5},
    {"cudaMemset", R::Memset, F::CudaRuntime, 0, N, 2, N, N},
    {"cudaMemset_ptds", R::Memset, F::CudaRuntime, 0, N, 2, N, N},
    {"cudaMemsetAsync", R::Memset, F::CudaRuntime, 0, N, 2, N, 3},
    {"cudaMemsetAsync_ptsz", R::Memset, F::CudaRuntime, 0, N, 2, N, 3},
    {"cudaMemset2D", R::Memset, F::CudaRuntime, 0, N, N, N, N},
    {"cudaMemset2DAsync", R::Memset, F::CudaRuntime, 0, N, N, N, 5},
    // CUDA driver (cuda.h maps cuMemcpyHtoD to cuMemcpyHtoD_v2, ...).
    {"cuMemcpy", R::Transfer, F::CudaDriver, 0, 1, 2, N, N},
    {"cuMemcpyAsync", R::Transfer, F::CudaDriver, 0, 1, 2, N, 3},
    {"cuMemcpyHtoD_v2", R::Transfer, F::CudaDriver, 0, 1, 2, N, N},
    {"cuMemcpyDtoH_v2", R::Transfer, F::CudaDriver, 0, 1, 2, N, N},
    {"cuMemcpyDtoD_v2", R::Transfer, F::CudaDriver, 0, 1, 2, N, N},
    {"cuMemcpyHtoDAsync_v2", R::Transfer, F::CudaDriver, 0, 1, 2, N, 3},
    {"cuMemcpyDtoHAsync_v2", R::Transfer, F::CudaDriver, 0, 1, 2, N, 3},
    {"cuMemcpyDtoDAsync_v2", R::Transfer, F::CudaDriver, 0, 1, 2, N, 3},
    {"cuMemcpy2D_v2", R::Transfer, F::CudaDriver},
    {"cuMemcpy2DAsync_v2", R::Transfer, F::CudaDriver, N, N, N, N, 1},
    {"cuMemsetD8_v2", R::Memset, F::CudaDriver, 0, N, N, N, N},
    {"cuMemsetD32_v2", R::Memset, F::CudaDriver, 0, N, N, N, N},
    {"cuMemsetD8Async", R::Memset, F::CudaDriver, 0, N, N, N, 3},
    {"cuMemsetD32Async", R::Memset, F::CudaDriver, 0, N, N, N, 3},
    // Launches.
    {"cudaLaunchKernel", R::Launch, F::CudaRuntime, N, N, N, N, 5},
    {"cudaLaunchKernel_ptsz", R::Launch, F::CudaRuntime, N, N, N, N, 5},
    {"cudaLaunchKernelExC", R::Launch, F::CudaRuntime},
    {"cudaLaunchKernelExC_ptsz", R::Launch, F::CudaRuntime},
    {"cudaLaunchKernelEx", R::Launch, F::CudaRuntime},
    {"cudaLaunchCooperativeKernel", R::Launch, F::CudaRuntime, N, N, N, N, 5},
    {"cudaLaunchCooperativeKernel_ptsz", R::Launch, F::CudaRuntime, N, N, N, N, 5},
    {"cudaGraphLaunch", R::Launch, F::CudaRuntime, N, N, N, N, 1},
    {"cudaGraphLaunch_ptsz", R::Launch, F::CudaRuntime, N, N, N, N, 1},
    {"cuLaunchKernel", R::Launch, F::CudaDriver, N, N, N, N, 8},
    {"cuLaunchKernelEx", R::Launch, F::CudaDriver},
    {"cuLaunchCooperativeKernel", R::Launch, F::CudaDriver, N, N, N, N, 8},
    // cuBLAS and cuBLASLt products (cublas_api.h maps cublasSgemm to _v2).
    {"cublasSgemm", R::Gemm, F::Cublas}, {"cublasSgemm_v2", R::Gemm, F::Cublas},
    {"cublasSgemm_64", R::Gemm, F::Cublas}, {"cublasSgemm_v2_64", R::Gemm, F::Cublas},
    {"cublasDgemm", R::Gemm, F::Cublas}, {"cublasDgemm_v2", R::Gemm, F::Cublas},
    {"cublasDgemm_64", R::Gemm, F::Cublas}, {"cublasDgemm_v2_64", R::Gemm, F::Cublas},
    {"cublasHgemm", R::Gemm, F::Cublas}, {"cublasHgemm_64", R::Gemm, F::Cublas},
    {"cublasCgemm", R::Gemm, F::Cublas}, {"cublasCgemm_v2", R::Gemm, F::Cublas},
    {"cublasZgemm", R::Gemm, F::Cublas}, {"cublasZgemm_v2", R::Gemm, F::Cublas},
    {"cublasGemmEx", R::Gemm, F::Cublas}, {"cublasGemmEx_64", R::Gemm, F::Cublas},
    {"cublasSgemmEx", R::Gemm, F::Cublas}, {"cublasSgemmEx_64", R::Gemm, F::Cublas},
    {"cublasLtMatmul", R::Gemm, F::CublasLt, N, N, N, N, 15},
    // NCCL (and its pnccl profiling twins, matched by lookupApi).
    {"ncclAllReduce", R::Collective, F::Nccl, N, N, N, N, 6},
    {"ncclBroadcast", R::Collective, F::Nccl, N, N, N, N, 6},
    {"ncclReduce", R::Collective, F::Nccl, N, N, N, N, 7},
    {"ncclAllGather", R::Collective, F::Nccl, N, N, N, N, 5},
    {"ncclReduceScatter", R::Collective, F::Nccl, N, N, N, N, 6},
    {"ncclSend", R::Collective, F::Nccl, N, N, N, N, 5},
    {"ncclRecv", R::Collective, F::Nccl, N, N, N, N, 5},
    {"ncclGroupStart", R::GroupStart, F::Nccl},
    {"ncclGroupEnd", R::GroupEnd, F::Nccl},
    // Waiting.
    {"cudaDeviceSynchronize", R::Sync, F::CudaRuntime},
    {"cudaStreamSynchronize", R::Sync, F::CudaRuntime, N, N, N, N, 0},
    {"cudaStreamSynchronize_ptsz", R::Sync, F::CudaRuntime, N, N, N, N, 0},
    {"cudaEventSynchronize", R::Sync, F::CudaRuntime},
    {"cuCtxSynchronize", R::Sync, F::CudaDriver},
    {"cuStreamSynchronize", R::Sync, F::CudaDriver, N, N, N, N, 0},
    {"cudaStreamWaitEvent", R::StreamWait, F::CudaRuntime, N, N, N, N, 0},
    {"cudaStreamWaitEvent_ptsz", R::StreamWait, F::CudaRuntime, N, N, N, N, 0},
    {"cuStreamWaitEvent", R::StreamWait, F::CudaDriver, N, N, N, N, 0},
    {"cudaEventRecord", R::EventRecord, F::CudaRuntime, N, N, N, N, 1},
    {"cudaEventRecord_ptsz", R::EventRecord, F::CudaRuntime, N, N, N, N, 1},
    {"cudaEventRecordWithFlags", R::EventRecord, F::CudaRuntime, N, N, N, N, 1},
    {"cudaEventRecordWithFlags_ptsz", R::EventRecord, F::CudaRuntime, N, N, N, N, 1},
    // Memory.
    {"cudaMalloc", R::Alloc, F::CudaRuntime, 0, N, 1, N, N, S::Device},
    {"cudaMallocHost", R::Alloc, F::CudaRuntime, 0, N, 1, N, N, S::Pinned},
    {"cudaHostAlloc", R::Alloc, F::CudaRuntime, 0, N, 1, N, N, S::Pinned},
    {"cudaMallocManaged", R::Alloc, F::CudaRuntime, 0, N, 1, N, N, S::Managed},
    {"cudaMallocPitch", R::Alloc, F::CudaRuntime, 0, N, N, N, N, S::Device},
    {"cudaMallocAsync", R::Alloc, F::CudaRuntime, 0, N, 1, N, 2, S::Device},
    {"cudaMallocAsync_ptsz", R::Alloc, F::CudaRuntime, 0, N, 1, N, 2, S::Device},
    {"cudaHostRegister", R::Alloc, F::CudaRuntime, 0, N, 1, N, N, S::Pinned},
    {"cuMemAlloc_v2", R::Alloc, F::CudaDriver, 0, N, 1, N, N, S::Device},
    {"cuMemAllocHost_v2", R::Alloc, F::CudaDriver, 0, N, 1, N, N, S::Pinned},
    {"cuMemHostAlloc", R::Alloc, F::CudaDriver, 0, N, 1, N, N, S::Pinned},
    {"cuMemHostRegister_v2", R::Alloc, F::CudaDriver, 0, N, 1, N, N, S::Pinned},
    {"cuMemAllocManaged", R::Alloc, F::CudaDriver, 0, N, 1, N, N, S::Managed},
    {"cudaFree", R::Free, F::CudaRuntime, 0, N, N, N, N},
    {"cudaFreeHost", R::Free, F::CudaRuntime, 0, N, N, N, N},
    {"cudaFreeAsync", R::Free, F::CudaRuntime, 0, N, N, N, 1},
    {"cudaFreeAsync_ptsz", R::Free, F::CudaRuntime, 0, N, N, N, 1},
    {"cudaHostUnregister", R::Free, F::CudaRuntime, 0, N, N, N, N},
    {"cuMemFree_v2", R::Free, F::CudaDriver, 0, N, N, N, N},
    {"cuMemFreeHost", R::Free, F::CudaDriver, 0, N, N, N, N},
    // Questions whose answer does not change while the process runs.
    {"cudaGetDeviceProperties", R::Query, F::CudaRuntime},
    {"cudaGetDeviceProperties_v2", R::Query, F::CudaRuntime},
    {"cudaDeviceGetAttribute", R::Query, F::CudaRuntime},
    {"cudaGetDevice", R::Query, F::CudaRuntime},
    {"cudaGetDeviceCount", R::Query, F::CudaRuntime},
    {"cudaFuncGetAttributes", R::Query, F::CudaRuntime},
    {"cudaOccupancyMaxActiveBlocksPerMultiprocessor", R::Query, F::CudaRuntime},
    {"cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags", R::Query, F::CudaRuntime},
    {"cudaOccupancyMaxPotentialBlockSize", R::Query, F::CudaRuntime},
    {"cudaOccupancyMaxPotentialBlockSizeVariableSMem", R::Query, F::CudaRuntime},
    {"cudaRuntimeGetVersion", R::Query, F::CudaRuntime},
    {"cudaDriverGetVersion", R::Query, F::CudaRuntime},
    {"cuDeviceGetAttribute", R::Query, F::CudaDriver},
    {"cuFuncGetAttribute", R::Query, F::CudaDriver},
    {"cuOccupancyMaxActiveBlocksPerMultiprocessor", R::Query, F::CudaDriver},
    {"cudnnGetVersion", R::Query, F::Cudnn},
    // Searches: each call benchmarks or enumerates algorithms.
    {"cublasLtMatmulAlgoGetHeuristic", R::Search, F::CublasLt},
    {"cudnnFindConvolutionForwardAlgorithm", R::Search, F::Cudnn},
    {"cudnnFindConvolutionForwardAlgorithmEx", R::Search, F::Cudnn},
    {"cudnnFindConvolutionBackwardDataAlgorithm", R::Search, F::Cudnn},
    {"cudnnFindConvolutionBackwardFilterAlgorithm", R::Search, F::Cudnn},
    {"cudnnGetConvolutionForwardAlgorithm_v7", R::Search, F::Cudnn},
    {"cudnnGetConvolutionBackwardDataAlgorithm_v7", R::Search, F::Cudnn},
    {"cudnnGetConvolutionBackwardFilterAlgorithm_v7", R::Search, F::Cudnn},
    {"cudaFuncSetAttribute", R::Configure, F::CudaRuntime},
    {"cudaFuncSetCacheConfig", R::Configure, F::CudaRuntime},
    {"cudaDeviceSetLimit", R::Configure, F::CudaRuntime},
    // Handles and descriptors: created through their address, destroyed by value.
    {"cublasCreate", R::HandleCreate, F::Cublas}, {"cublasCreate_v2", R::HandleCreate, F::Cublas},
    {"cublasDestroy", R::HandleDestroy, F::Cublas}, {"cublasDestroy_v2", R::HandleDestroy, F::Cublas},
    {"cublasLtCreate", R::HandleCreate, F::CublasLt},
    {"cublasLtDestroy", R::HandleDestroy, F::CublasLt},
    {"cublasLtMatmulDescCreate", R::HandleCreate, F::CublasLt},
    {"cublasLtMatmulDescDestroy", R::HandleDestroy, F::CublasLt},
    {"cublasLtMatrixLayoutCreate", R::HandleCreate, F::CublasLt},
    {"cublasLtMatrixLayoutDestroy", R::HandleDestroy, F::CublasLt},
    {"cublasLtMatmulPreferenceCreate", R::HandleCreate, F::CublasLt},
    {"cublasLtMatmulPreferenceDestroy", R::HandleDestroy, F::CublasLt},
    {"cublasLtMatrixTransformDescCreate", R::HandleCreate, F::CublasLt},
    {"cublasLtMatrixTransformDescDestroy", R::HandleDestroy, F::CublasLt},
    {"cudnnCreate", R::HandleCreate, F::Cudnn},
    {"cudnnDestroy", R::HandleDestroy, F::Cudnn},
    {"cudnnCreateTensorDescriptor", R::HandleCreate, F::Cudnn},
    {"cudnnDestroyTensorDescriptor", R::HandleDestroy, F::Cudnn},
    {"cudnnCreateFilterDescriptor", R::HandleCreate, F::Cudnn},
    {"cudnnDestroyFilterDescriptor", R::HandleDestroy, F::Cudnn},
    {"cudnnCreateConvolutionDescriptor", R::HandleCreate, F::Cudnn},
    {"cudnnDestroyConvolutionDescriptor", R::HandleDestroy, F::Cudnn},
    {"cudnnCreateActivationDescriptor", R::HandleCreate, F::Cudnn},
    {"cudnnDestroyActivationDescriptor", R::HandleDestroy, F::Cudnn},
    {"cudnnCreatePoolingDescriptor", R::HandleCreate, F::Cudnn},
    {"cudnnDestroyPoolingDescriptor", R::HandleDestroy, F::Cudnn},
    {"cudnnCreateReduceTensorDescriptor", R::HandleCreate, F::Cudnn},
    {"cudnnDestroyReduceTensorDescriptor", R::HandleDestroy, F::Cudnn},
    {"cudnnCreateDropoutDescriptor", R::HandleCreate, F::Cudnn},
    {"cudnnDestroyDropoutDescriptor", R::HandleDestroy, F::Cudnn},
    {"cudaStreamCreate", R::HandleCreate, F::CudaRuntime},
    {"cudaStreamCreateWithFlags", R::HandleCreate, F::CudaRuntime},
    {"cudaStreamCreateWithPriority", R::HandleCreate, F::CudaRuntime},
    {"cudaStreamDestroy", R::HandleDestroy, F::CudaRuntime},
    {"cudaEventCreate", R::HandleCreate, F::CudaRuntime},
    {"cudaEventCreateWithFlags", R::HandleCreate, F::CudaRuntime},
    {"cudaEventDestroy", R::HandleDestroy, F::CudaRuntime},
    {"cuStreamCreate", R::HandleCreate, F::CudaDriver},
    {"cuStreamDestroy_v2", R::HandleDestroy, F::CudaDriver},
    {"cuEventCreate", R::HandleCreate, F::CudaDriver},
    {"cuEventDestroy_v2", R::HandleDestroy, F::CudaDriver},
    {"ncclCommInitRank", R::HandleCreate, F::Nccl},
    {"ncclCommInitAll", R::HandleCreate, F::Nccl},
    {"ncclCommDestroy", R::HandleDestroy, F::Nccl},
    {"ncclRedOpCreatePreMulSum", R::HandleCreate, F::Nccl},
    {"ncclRedOpDestroy", R::HandleDestroy, F::Nccl},
    // Clocks: a loop that reads one times its iterations, and a wait before
    // it is what makes the time right.
    {"cudaEventElapsedTime", R::Timing, F::CudaRuntime},
    {"cudaEventElapsedTime_v2", R::Timing, F::CudaRuntime},
    {"cuEventElapsedTime", R::Timing, F::CudaDriver},
    {"cuEventElapsedTime_v2", R::Timing, F::CudaDriver},
    {"gettimeofday", R::Timing, F::LibC},
    {"clock_gettime", R::Timing, F::LibC},
    {"clock", R::Timing, F::LibC},
    {"omp_get_wtime", R::Timing, F::LibC},
    {"MPI_Wtime", R::Timing, F::LibC},
    // Devices, environment, capture.
    {"cudaSetDevice", R::SetDevice, F::CudaRuntime},
    {"cuCtxSetCurrent", R::SetDevice, F::CudaDriver},
    {"cudaStreamBeginCapture", R::CaptureBegin, F::CudaRuntime},
    {"cudaStreamBeginCapture_ptsz", R::CaptureBegin, F::CudaRuntime},
    {"cudaStreamEndCapture", R::CaptureEnd, F::CudaRuntime},
    {"cudaStreamEndCapture_ptsz", R::CaptureEnd, F::CudaRuntime},
    {"cuStreamBeginCapture_v2", R::CaptureBegin, F::CudaDriver},
    {"cuStreamEndCapture", R::CaptureEnd, F::CudaDriver},
    {"strlen", R::PureQuery, F::LibC},
    {"wcslen", R::PureQuery, F::LibC},
    {"getenv", R::EnvQuery, F::LibC},
    {"secure_getenv", R::EnvQuery, F::LibC},
    {"setenv", R::EnvWrite, F::LibC},
    {"putenv", R::EnvWrite, F::LibC},
    {"unsetenv", R::EnvWrite, F::LibC},
    {"clearenv", R::EnvWrite, F::LibC},
    {"memcpy", R::HostCopy, F::LibC, 0, 1, 2, N, N},
    {"memmove", R::HostCopy, F::LibC, 0, 1, 2, N, N},
    // Pageable host memory, returned as the result.
    {"malloc", R::HostAlloc, F::LibC, N, N, 0, N, N, S::Pageable},
    {"calloc", R::HostAlloc, F::LibC, N, N, N, N, N, S::Pageable},
    {"realloc", R::HostAlloc, F::LibC, N, N, 1, N, N, S::Pageable},
    {"aligned_alloc", R::HostAlloc, F::LibC, N, N, 1, N, N, S::Pageable},
    {"strdup", R::HostAlloc, F::LibC, N, N, N, N, N, S::Pageable},
    {"strndup", R::HostAlloc, F::LibC, N, N, N, N, N, S::Pageable},
    {"free", R::Free, F::LibC, 0, N, N, N, N, S::Pageable},
    // Output pushed on: Dst is the stream or file descriptor.
    {"fflush", R::Flush, F::LibC, 0, N, N, N, N},
    {"fflush_unlocked", R::Flush, F::LibC, 0, N, N, N, N},
    {"fsync", R::Flush, F::LibC, 0, N, N, N, N},
    {"fdatasync", R::Flush, F::LibC, 0, N, N, N, N},
    {"endl", R::Flush, F::Std}, {"flush", R::Flush, F::Std},
    // Standard algorithms that call their function argument once per element.
    {"for_each", R::PerElement, F::Std}, {"for_each_n", R::PerElement, F::Std},
    {"transform", R::PerElement, F::Std}, {"generate", R::PerElement, F::Std},
    {"generate_n", R::PerElement, F::Std}, {"count_if", R::PerElement, F::Std},
    {"find_if", R::PerElement, F::Std}, {"find_if_not", R::PerElement, F::Std},
    {"all_of", R::PerElement, F::Std}, {"any_of", R::PerElement, F::Std},
    {"none_of", R::PerElement, F::Std}, {"remove_if", R::PerElement, F::Std},
    {"copy_if", R::PerElement, F::Std}, {"accumulate", R::PerElement, F::Std},
    {"transform_reduce", R::PerElement, F::Std},
};

const llvm::StringMap<const ApiEntry *> &tableIndex() {
  static const llvm::StringMap<const ApiEntry *> Index = [] {
    llvm::StringMap<const ApiEntry *> M;
    for (const ApiEntry &E : Table)
      M[E.Name] = &E;
    return M;
  }();
  return Index;
}

struct RoleWord {
  Role R;
  llvm::StringLiteral Name, Noun;
};
const RoleWord RoleWords[] = {
    {Role::Launch, "launch", "a kernel launch"},
    {Role::Transfer, "transfer", "a transfer"},
    {Role::Memset, "memset", "a memset"},
    {Role::Gemm, "gemm", "a GEMM"},
    {Role::Collective, "collective", "a collective"},
    {Role::Sync, "sync", "a host synchronization"},
    {Role::StreamWait, "stream-wait", "a stream wait"},
    {Role::EventRecord, "event-record", "an event record"},
    {Role::Alloc, "alloc", "an allocation"},
    {Role::Free, "free", "a release"},
    {Role::Query, "query", "a device query"},
    {Role::Search, "search", "an algorithm search"},
    {Role::Configure, "configure", "a configuration call"},
    {Role::HandleCreate, "create", "a handle creation"},
    {Role::HandleDestroy, "destroy", "a handle destruction"},
    {Role::Timing, "timing", "a clock read"},
    {Role::HostAlloc, "host-alloc", "a host allocation"},
    {Role::Flush, "flush", "a flush"},
};
} // namespace

llvm::ArrayRef<ApiEntry> apiTable() { return Table; }

llvm::StringRef roleName(Role R) {
  for (const RoleWord &W : RoleWords)
    if (W.R == R)
      return W.Name;
  return "";
}

llvm::StringRef roleNoun(Role R) {
  for (const RoleWord &W : RoleWords)
    if (W.R == R)
      return W.Noun;
  return "";
}

std::optional<Role> roleFromName(llvm::StringRef Name) {
  for (const RoleWord &W : RoleWords)
    if (W.Name == Name)
      return W.R;
  return std::nullopt;
}

bool isBatchableRole(Role R) {
  return R == Role::Launch || R == Role::Transfer || R == Role::Memset ||
         R == Role::Gemm || R == Role::Collective;
}

/// Whether `FD` is declared in `namespace cub` (any inline namespace of a
/// CCCL version) inside a `Device*` struct: cub::DeviceReduce::Sum, ...
static bool isCubDeviceAlgorithm(const FunctionDecl *FD) {
  const auto *RD = dyn_cast<CXXRecordDecl>(FD->getDeclContext());
  if (!RD || !RD->getIdentifier() || !RD->getName().starts_with("Device") ||
      !FD->isStatic())
    return false;
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (NS->getIdentifier() && NS->getName() == "cub")
        return true;
  return false;
}

const ApiEntry *lookupApi(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return nullptr;
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  llvm::StringRef Name = FD->getName();
  if (DC->isStdNamespace()) {
    auto It = tableIndex().find(Name);
    return It != tableIndex().end() &&
                   (It->second->F == Family::Std || It->second->F == Family::LibC)
               ? It->second
               : nullptr;
  }
  if (!DC->isTranslationUnit()) {
    static const ApiEntry Cub = {"cub::Device*", Role::Launch, Family::Cub};
    return isCubDeviceAlgorithm(FD) ? &Cub : nullptr;
  }
  if (Name.starts_with("pnccl"))
    Name = Name.drop_front(1); // NCCL's profiling interface
  auto It = tableIndex().find(Name);
  if (It == tableIndex().end() || It->second->F == Family::Std)
    return nullptr;
  return It->second;
}

bool isOperationDescriptor(const FunctionDecl *FD) {
  const ApiEntry *E = lookupApi(FD);
  if (!E || (E->R != Role::HandleCreate && E->R != Role::HandleDestroy) ||
      (E->F != Family::CublasLt && E->F != Family::Cudnn))
    return false;
  llvm::StringRef N = E->Name;
  return N.contains("Desc") || N.contains("Layout") || N.contains("Preference");
}

bool isCostlyQuery(const FunctionDecl *FD) {
  const ApiEntry *E = lookupApi(FD);
  if (!E || E->R != Role::Query)
    return false;
  llvm::StringRef N = E->Name;
  return N.starts_with("cudaGetDeviceProperties") || N == "cudaFuncGetAttributes" ||
         N.contains("Occupancy") || N == "cuFuncGetAttribute";
}

bool isConstructingForwarder(const FunctionDecl *FD) {
  // Members too: their enclosing namespace is std.
  if (!FD || (!FD->getIdentifier() && !isa<CXXConstructorDecl>(FD)) ||
      !FD->getDeclContext()->getEnclosingNamespaceContext()->isStdNamespace())
    return false;
  // Members of the standard containers and optional/variant, and the
  // factories of <memory>, <utility> and <tuple>.
  static const llvm::StringRef Names[] = {
      "emplace",     "emplace_back", "emplace_front", "emplace_hint",
      "try_emplace", "make_shared",  "make_unique",   "allocate_shared",
      "make_pair",   "make_tuple",   "make_optional"};
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD)) {
    // The forwarding constructors of the value wrappers (`return {a, b};`
    // builds a pair through one); not reference_wrapper's or a view's.
    static const llvm::StringRef Wrappers[] = {"pair",    "tuple", "optional",
                                               "variant", "any",   "function"};
    const CXXRecordDecl *RD = Ctor->getParent();
    return RD->getIdentifier() && llvm::is_contained(Wrappers, RD->getName());
  }
  return llvm::is_contained(Names, FD->getName());
}

Role roleOf(const FunctionDecl *FD) {
  const ApiEntry *E = lookupApi(FD);
  return E ? E->R : Role::None;
}

WrapperRoles::WrapperRoles(llvm::StringRef Spec) {
  for (const std::string &Item : splitList(Spec)) {
    llvm::StringRef Text(Item);
    auto [Pattern, Word] = Text.rsplit('=');
    std::optional<Role> R = roleFromName(Word.trim());
    if (Word.empty() || !R) {
      Errors.push_back("'" + Item + "' is not 'regex=role' with a role among "
                       "launch, transfer, memset, gemm, collective, sync, "
                       "stream-wait, alloc, free, query, search, create, destroy");
      continue;
    }
    llvm::Regex Re("^(::)?(" + Pattern.trim().str() + ")$");
    std::string Err;
    if (!Re.isValid(Err)) {
      Errors.push_back("invalid regex '" + Pattern.trim().str() + "': " + Err);
      continue;
    }
    Patterns.emplace_back(std::move(Re), *R);
  }
}

Role WrapperRoles::wrapperRole(const FunctionDecl *FD) const {
  if (!FD || Patterns.empty())
    return Role::None;
  std::string Name = FD->getQualifiedNameAsString();
  for (const auto &[Re, R] : Patterns)
    if (Re.match(Name))
      return R;
  return Role::None;
}

Role WrapperRoles::roleOf(const FunctionDecl *FD) const {
  Role W = wrapperRole(FD);
  return W != Role::None ? W : api::roleOf(FD);
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
  switch (roleOf(FD)) {
  case Role::PureQuery:
    return RepeatedCallKind::PureQuery;
  case Role::EnvQuery:
    return RepeatedCallKind::EnvQuery;
  case Role::Query:
    return RepeatedCallKind::DeviceQuery;
  case Role::Search:
    return RepeatedCallKind::Search;
  case Role::Configure:
    return RepeatedCallKind::Configure;
  case Role::HandleCreate:
    return RepeatedCallKind::HandleCreate;
  case Role::HandleDestroy:
    return RepeatedCallKind::HandleDestroy;
  default:
    break;
  }
  if (inTorchNamespace(FD)) {
    static const llvm::StringRef Factories[] = {"ones",  "zeros",    "full",
                                                "arange", "eye",     "linspace",
                                                "tensor", "ones_like", "zeros_like"};
    if (llvm::is_contained(Factories, FD->getName()))
      return RepeatedCallKind::TensorFactory;
  }
  return RepeatedCallKind::None;
}

BatchableKind classifyBatchable(const FunctionDecl *FD) {
  const ApiEntry *E = lookupApi(FD);
  if (!E || E->F == Family::LibC || E->F == Family::Std)
    return BatchableKind::None;
  switch (E->R) {
  case Role::Transfer:
    return BatchableKind::Transfer;
  case Role::Memset:
    return BatchableKind::Memset;
  case Role::Gemm:
    return BatchableKind::Gemm;
  case Role::Collective:
    return BatchableKind::Collective;
  case Role::Launch:
    return BatchableKind::KernelLaunch;
  default:
    return BatchableKind::None;
  }
}

bool isNcclGroupStart(const FunctionDecl *FD) {
  return roleOf(FD) == Role::GroupStart;
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
    return roleOf(&Callee) == Role::GroupEnd;
  };
  return callsAny(*Body, [](const FunctionDecl &F) { return isNcclGroupStart(&F); }) &&
         (isa<CXXConstructorDecl>(FD) || !callsAny(*Body, IsGroupEnd));
}

bool isStreamCaptureBegin(const FunctionDecl *FD) {
  return roleOf(FD) == Role::CaptureBegin;
}

bool isHostSync(const FunctionDecl *FD) { return roleOf(FD) == Role::Sync; }

bool isEnvironmentWriter(const FunctionDecl *FD) {
  return roleOf(FD) == Role::EnvWrite;
}

bool isSetDevice(const FunctionDecl *FD) { return roleOf(FD) == Role::SetDevice; }

bool isClockRead(const FunctionDecl *FD) {
  if (roleOf(FD) == Role::Timing)
    return true;
  // Projects' timer helpers: sdkStartTimer, StopWatchInterface::stop,
  // Timer::elapsed, ... (the clock they read is behind them).
  if (FD && FD->getIdentifier()) {
    std::string Name = FD->getName().lower();
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->getParent()->getIdentifier())
      Name += " " + MD->getParent()->getName().lower();
    for (llvm::StringRef Word : {"timer", "stopwatch", "elapsed"})
      if (llvm::StringRef(Name).contains(Word))
        return true;
  }
  // std::chrono::steady_clock::now() and the other clocks' now().
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD || !MD->isStatic() || !MD->getIdentifier() || MD->getName() != "now")
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(MD->getParent()->getDeclContext());
  return NS && NS->getIdentifier() && NS->getName() == "chrono";
}

bool isHostHandoff(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef Name = FD->getName();
  if (FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return Name.starts_with("MPI_") || Name.starts_with("PMPI_") ||
           Name.starts_with("pthread_cond_") || Name.starts_with("sem_post");
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD || !MD->getParent()->getIdentifier() ||
      !MD->getParent()->getDeclContext()->getRedeclContext()->isStdNamespace())
    return false;
  llvm::StringRef Class = MD->getParent()->getName();
  if (Class == "condition_variable" || Class == "condition_variable_any")
    return Name.starts_with("notify");
  if (Class == "promise")
    return Name.starts_with("set_value");
  if (Class == "counting_semaphore" || Class == "binary_semaphore")
    return Name == "release";
  if (Class == "__atomic_base" || Class == "atomic" || Class == "__atomic_float")
    return Name == "store" || Name == "exchange" || Name.starts_with("fetch_") ||
           Name.starts_with("operator");
  return false;
}

MemSpace allocatedSpace(const FunctionDecl *FD) {
  const ApiEntry *E = lookupApi(FD);
  return E && (E->R == Role::Alloc || E->R == Role::HostAlloc) ? E->Space : MemSpace::Unknown;
}

llvm::SmallVector<AsyncHostSide, 2> asyncCopyHostSides(const CallExpr &Call,
                                                       const ASTContext &Ctx) {
  const ApiEntry *E = lookupApi(Call.getDirectCallee());
  if (!E || E->R != Role::Transfer || E->F == Family::LibC || !E->Name.contains("Async") ||
      E->Name.starts_with("cudaMemcpyPeer"))
    return {};
  auto Arg = [&](int Pos) -> const Expr * {
    return Pos >= 0 && static_cast<unsigned>(Pos) < Call.getNumArgs() ? Call.getArg(Pos)
                                                                      : nullptr;
  };
  llvm::SmallVector<AsyncHostSide, 2> Sides;
  auto Add = [&](int Pos, bool IntoHost) {
    if (const Expr *A = Arg(Pos))
      Sides.push_back({A, IntoHost});
  };
  llvm::StringRef Name = E->Name;
  if (Name.contains("HtoD")) {
    Add(E->Src, false);
    return Sides;
  }
  if (Name.contains("DtoH")) {
    Add(E->Dst, true);
    return Sides;
  }
  if (Name.contains("DtoD") || E->Dst < 0 || E->Src < 0)
    return Sides; // a descriptor (cudaMemcpy3DAsync, cuMemcpy2DAsync)
  if (E->Kind < 0) { // cuMemcpyAsync: unified addressing decides
    Add(E->Src, false);
    Add(E->Dst, true);
    return Sides;
  }
  const Expr *KindArg = Arg(E->Kind);
  if (!KindArg || KindArg->isValueDependent())
    return Sides;
  // A constant kind, or a choice between constants (`dev == -1 ?
  // cudaMemcpyHostToHost : cudaMemcpyHostToDevice`): the host sides of
  // either.
  llvm::SmallVector<const Expr *, 2> Kinds = {KindArg->IgnoreParenImpCasts()};
  if (const auto *CO = dyn_cast<ConditionalOperator>(Kinds[0]))
    Kinds = {CO->getTrueExpr()->IgnoreParenImpCasts(), CO->getFalseExpr()->IgnoreParenImpCasts()};
  bool ToSymbol = Name.contains("ToSymbol"), FromSymbol = Name.contains("FromSymbol");
  bool SrcIsHost = false, DstIsHost = false;
  for (const Expr *KE : Kinds) {
    Expr::EvalResult R;
    if (!KE->EvaluateAsInt(R, Ctx))
      return Sides;
    auto K = static_cast<MemcpyKind>(R.Val.getInt().getExtValue());
    SrcIsHost |= (K == MemcpyKind::HostToDevice || K == MemcpyKind::Default) && !FromSymbol;
    DstIsHost |= (K == MemcpyKind::DeviceToHost || K == MemcpyKind::Default) && !ToSymbol;
  }
  if (SrcIsHost)
    Add(E->Src, false);
  if (DstIsHost)
    Add(E->Dst, true);
  return Sides;
}

bool mayCopyToHost(const CallExpr &Call, const ASTContext &Ctx) {
  const FunctionDecl *FD = Call.getDirectCallee();
  const ApiEntry *E = lookupApi(FD);
  if (!E || E->R != Role::Transfer || E->F == Family::LibC)
    return false;
  llvm::StringRef Name = E->Name;
  if (Name.contains("HtoD") || Name.contains("DtoD") || Name.contains("ToSymbol") ||
      Name.starts_with("cudaMemcpyPeer"))
    return false;
  if (Name.contains("DtoH") || Name.contains("FromSymbol"))
    return true;
  if (E->Kind < 0 || static_cast<unsigned>(E->Kind) >= Call.getNumArgs())
    return true; // cuMemcpy, cudaMemcpy3D: unknown direction
  const Expr *KindArg = Call.getArg(E->Kind)->IgnoreParenImpCasts();
  Expr::EvalResult R;
  if (KindArg->isValueDependent() || !KindArg->EvaluateAsInt(R, Ctx))
    return true;
  int64_t V = R.Val.getInt().getExtValue();
  return V == static_cast<int64_t>(MemcpyKind::DeviceToHost) ||
         V == static_cast<int64_t>(MemcpyKind::Default);
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

bool isDeviceableTensorFactory(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || !inTorchNamespace(FD))
    return false;
  static const llvm::StringRef Factories[] = {"zeros",    "ones", "full", "empty", "arange",
                                              "linspace", "eye",  "rand", "randn"};
  return llvm::is_contained(Factories, FD->getName());
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

bool isStreamFlushMethod(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier() || MD->getName() != "flush")
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  return RD && RD->getIdentifier() && RD->getName() == "basic_ostream" &&
         RD->getDeclContext()->getRedeclContext()->isStdNamespace();
}

} // namespace sysopt::api
