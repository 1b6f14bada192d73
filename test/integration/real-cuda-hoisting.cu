// sysopt-hoistable-computation on the real CUDA 13 headers (cudaGetDeviceProperties
// is a macro for cudaGetDeviceProperties_v2 there; cublasCreate for cublasCreate_v2).
// REQUIRES: cuda-headers
// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %cuda_real

#include <cublas_v2.h>
#include <cuda_runtime.h>

void step(int);

int batches(int device, int n) {
  int threads = 0;
  for (int b = 0; b < n; ++b) {
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, device);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaGetDeviceProperties{{(_v2)?}}' asks the same question about the device on every iteration; query once before the loop and reuse the result [removal/caching] [sysopt-hoistable-computation]
    threads += prop.maxThreadsPerBlock;
    step(b);
  }
  return threads;
}

void gemms(int n) {
  for (int i = 0; i < n; ++i) {
    cublasHandle_t handle;
    cublasCreate(&handle);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cublasCreate_v2' creates a handle and the loop destroys it on every iteration; create it once before the loop and reuse it [removal/caching]
    step(i);
    cublasDestroy(handle);
  }
}

// Must not flag: one device per iteration; device code.
int per_device(int n) {
  int t = 0;
  for (int d = 0; d < n; ++d) {
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, d);
    t += prop.maxThreadsPerBlock;
  }
  return t;
}
__global__ void k(float *x) { for (int i = 0; i < 4; ++i) x[i] = 0; }
