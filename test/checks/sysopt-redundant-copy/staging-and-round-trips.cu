// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=PTDS %s sysopt-redundant-copy %t -- -- %cuda_stubs -DCUDA_API_PER_THREAD_DEFAULT_STREAM

#include <cstring>
#include <vector>
#include <cuda_runtime.h>

struct Batch { std::vector<float> features; std::vector<int> labels; };

// 1. A staging copy of a container, used only as the source of cudaMemcpy.
void upload(const Batch &batch, float *d_features) {
  std::vector<float> staging = batch.features;
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'staging' is a staging copy of 'batch.features' used only as the source of 'cudaMemcpy{{(_ptds)?}}'; copy from the original [removal/layering] [sysopt-redundant-copy]
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:22: warning: 'staging' is a staging copy of 'batch.features' used only as the source of 'cudaMemcpy_ptds'; copy from the original [removal/layering]
  // CHECK-FIXES: {{^}}  const std::vector<float> &staging = batch.features;{{$}}
  cudaMemcpy(d_features, staging.data(), staging.size() * sizeof(float),
             cudaMemcpyHostToDevice);
}

// 2. Async upload and a host memcpy into a pinned buffer.
void upload_async(const Batch &batch, int *d_labels, int *pinned, cudaStream_t s) {
  auto labels = batch.labels;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'labels' is a staging copy of 'batch.labels' used only as the source of 'memcpy'
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:8: warning: 'labels' is a staging copy
  // CHECK-FIXES: {{^}}  const auto &labels = batch.labels;{{$}}
  std::memcpy(pinned, labels.data(), labels.size() * sizeof(int));
  cudaMemcpyAsync(d_labels, pinned, batch.labels.size() * sizeof(int),
                  cudaMemcpyHostToDevice, s);
}

// 3. Device -> host -> device through a host buffer nobody else reads.
void duplicate(const float *d_src, float *d_dst, size_t n) {
  std::vector<float> host(n);
  cudaMemcpy(host.data(), d_src, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(d_dst, host.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: device data is copied to the host and straight back to the device by 'cudaMemcpy'; copy device to device instead [removal/layering] [sysopt-redundant-copy]
  // CHECK-MESSAGES-PTDS: :[[@LINE-3]]:3: warning: device data is copied to the host and straight back to the device by 'cudaMemcpy_ptds'
  // CHECK-FIXES: {{^}}  std::vector<float> host(n);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cudaMemcpy(d_dst, d_src, n * sizeof(float), cudaMemcpyDeviceToDevice);{{$}}
}

// 4. The same on a stream.
void duplicate_async(const float *d_src, float *d_dst, size_t n, float *pinned, cudaStream_t s) {
  cudaMemcpyAsync(pinned, d_src, n * sizeof(float), cudaMemcpyDeviceToHost, s);
  cudaMemcpyAsync(d_dst, pinned, n * sizeof(float), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: device data is copied to the host and straight back
  // CHECK-MESSAGES-PTDS: :[[@LINE-3]]:3: warning: device data is copied to the host and straight back
  // CHECK-FIXES: {{^}}void duplicate_async(const float *d_src, float *d_dst, size_t n, float *pinned, cudaStream_t s) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}  cudaMemcpyAsync(d_dst, d_src, n * sizeof(float), cudaMemcpyDeviceToDevice, s);{{$}}
}

// 5. The host copy is read afterwards: warn, but the D2H copy must stay.
float duplicate_and_inspect(const float *d_src, float *d_dst, size_t n) {
  std::vector<float> host(n);
  cudaMemcpy(host.data(), d_src, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(d_dst, host.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: device data is copied to the host and straight back
  // CHECK-MESSAGES-PTDS: :[[@LINE-3]]:3: warning: device data is copied to the host and straight back
  // CHECK-FIXES: {{^}}  cudaMemcpy(host.data(), d_src, n * sizeof(float), cudaMemcpyDeviceToHost);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cudaMemcpy(d_dst, host.data(), n * sizeof(float), cudaMemcpyHostToDevice);{{$}}
  return host[0];
}

// ---- Must not flag -------------------------------------------------------

// 6. The staging copy is modified before the upload (packing).
void pack(const Batch &batch, float *d) {
  std::vector<float> staging = batch.features;
  staging.push_back(0.f);
  cudaMemcpy(d, staging.data(), staging.size() * sizeof(float), cudaMemcpyHostToDevice);
}

// 7. The host buffer is changed between download and upload.
void transform(float *d, size_t n) {
  std::vector<float> host(n);
  cudaMemcpy(host.data(), d, n * sizeof(float), cudaMemcpyDeviceToHost);
  host[0] = 1.f;
  cudaMemcpy(d, host.data(), n * sizeof(float), cudaMemcpyHostToDevice);
}

// 8. Different host buffers, or a download followed by an unrelated upload.
void unrelated(float *d1, float *d2, float *h1, float *h2, size_t n) {
  cudaMemcpy(h1, d1, n, cudaMemcpyDeviceToHost);
  cudaMemcpy(d2, h2, n, cudaMemcpyHostToDevice);
}

// 9. Device code is left alone: kernel parameters are passed by value by
//    necessity, and a copy into registers is no heap copy.
struct Params { float weights[512]; };
struct Names { float scale[128]; };
__global__ void kernel(const Params p, float *out) {
  Params local = p;
  out[0] = local.weights[0] + p.weights[1];
}
__device__ float helper(Names n) { Names copy = n; return copy.scale[0]; }
__host__ __device__ float both(const Names &n) { return n.scale[0]; }
