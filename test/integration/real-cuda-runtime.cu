// The same checks on the real CUDA 13 runtime headers (cuda_runtime.h with
// its _ptds/_ptsz macros), in CUDA mode.
// REQUIRES: cuda-headers
// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %cuda_real
// RUN: %check_sysopt_tidy -check-suffix=PTDS %s sysopt-redundant-copy %t -- -- %cuda_real -DCUDA_API_PER_THREAD_DEFAULT_STREAM

#include <vector>
#include <cuda_runtime.h>

struct Batch { std::vector<float> features; };

void upload(const Batch &batch, float *d) {
  std::vector<float> staging = batch.features;
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'staging' is a staging copy of 'batch.features' used only as the source of 'cudaMemcpy'; copy from the original [removal/layering] [sysopt-redundant-copy]
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:22: warning: 'staging' is a staging copy of 'batch.features' used only as the source of 'cudaMemcpy_ptds'; copy from the original [removal/layering] [sysopt-redundant-copy]
  // CHECK-FIXES: const std::vector<float> &staging = batch.features;
  cudaMemcpy(d, staging.data(), staging.size() * sizeof(float), cudaMemcpyHostToDevice);
}

void duplicate(const float *d_src, float *d_dst, size_t n, cudaStream_t s) {
  std::vector<float> host(n);
  cudaMemcpyAsync(host.data(), d_src, n * sizeof(float), cudaMemcpyDeviceToHost, s);
  cudaMemcpyAsync(d_dst, host.data(), n * sizeof(float), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: device data is copied to the host and straight back to the device by 'cudaMemcpyAsync'; copy device to device instead [removal/layering]
  // CHECK-MESSAGES-PTDS: :[[@LINE-3]]:3: warning: device data is copied to the host and straight back to the device by 'cudaMemcpyAsync_ptsz'; copy device to device instead [removal/layering]
  // CHECK-FIXES: {{^}}  std::vector<float> host(n);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cudaMemcpyAsync(d_dst, d_src, n * sizeof(float), cudaMemcpyDeviceToDevice, s);{{$}}
}

// Must not flag: device code, cheap handles.
__global__ void scale(float *x, float a) { x[threadIdx.x] *= a; }
cudaStream_t pick(cudaStream_t s) { cudaStream_t copy = s; return copy; }
