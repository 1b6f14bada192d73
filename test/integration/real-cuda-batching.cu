// sysopt-unbatched-kernel-launch on the real CUDA 13 headers: cuda_runtime.h,
// cublas_v2.h and nccl.h (clang defines __CUDACC__ empty, which NCCL's
// device API headers do not expect; nccl.h itself parses).
// REQUIRES: cuda-headers
// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_real

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <nccl.h>

__global__ void scale(float *x, int n, float a) { x[threadIdx.x] *= a; }

void step(float *d, const float *h, int chunks, size_t n, cublasHandle_t handle,
          const float *A, const float *B, float *C, int m, ncclComm_t *comms,
          cudaStream_t *streams, int devices) {
  for (int i = 0; i < chunks; ++i)
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice per iteration; copy the whole range with one call [reordering/batching] [sysopt-unbatched-kernel-launch]
  // CHECK-FIXES: {{^}}  if ((chunks) > 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    cudaMemcpy(d, h, static_cast<size_t>(chunks) * (n * sizeof(float)), cudaMemcpyHostToDevice);{{$}}
  for (int i = 0; i < chunks; ++i)
    scale<<<1, 256>>>(d + i * n, static_cast<int>(n), 0.5f);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'scale' is launched once per iteration
  const float alpha = 1.f, beta = 0.f;
  for (int b = 0; b < chunks; ++b)
    cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, m, m, m, &alpha, A + b * m * m, m,
                B + b * m * m, m, &beta, C + b * m * m, m);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies one matrix slice per iteration
  for (int dev = 0; dev < devices; ++dev)
    ncclAllReduce(C, C, n, ncclFloat, ncclSum, comms[dev], streams[dev]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ncclAllReduce' is issued once per iteration outside ncclGroupStart/ncclGroupEnd
  // CHECK-FIXES: {{^}}  ncclGroupStart();{{$}}
  // CHECK-FIXES: {{^}}  ncclGroupEnd();{{$}}
}
