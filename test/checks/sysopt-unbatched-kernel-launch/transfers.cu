// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=PTDS %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs -DCUDA_API_PER_THREAD_DEFAULT_STREAM

#include <vector>
#include <cuda_runtime.h>

struct HostTensor { std::vector<float> data; float *device; };

// 1. Contiguous chunks: one copy of the whole range (signed bound: guarded).
void upload(float *d, const float *h, int chunks, size_t n) {
  for (int i = 0; i < chunks; ++i)
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice per iteration; copy the whole range with one call [reordering/batching] [sysopt-unbatched-kernel-launch]
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one contiguous slice per iteration
  // CHECK-FIXES: {{^}}  if ((chunks) > 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    cudaMemcpy(d, h, static_cast<size_t>(chunks) * (n * sizeof(float)), cudaMemcpyHostToDevice);{{$}}
}

// 2. Async, unsigned bound, &p[i * n], braces around the body.
void upload_async(float *d, const float *h, size_t chunks, size_t n, cudaStream_t s) {
  for (size_t i = 0; i < chunks; ++i) {
    cudaMemcpyAsync(&d[i * n], &h[i * n], sizeof(float) * n, cudaMemcpyHostToDevice, s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpyAsync' copies one contiguous slice per iteration
    // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:5: warning: 'cudaMemcpyAsync' copies one contiguous slice
  }
  // CHECK-FIXES: {{^}}  cudaMemcpyAsync(d, h, static_cast<size_t>(chunks) * (sizeof(float) * n), cudaMemcpyHostToDevice, s);{{$}}
}

// 3. Contiguous, but the loop does other work: warning only.
void upload_and_log(float *d, const float *h, int chunks, size_t n, int *log) {
  for (int i = 0; i < chunks; ++i) {
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy{{(_ptds)?}}' copies one contiguous slice per iteration
    // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one contiguous slice
    log[i] = 1;
  }
  // CHECK-FIXES: {{^}}    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);{{$}}
}

// 3b. Every other chunk: one copy of the whole range would copy the chunks
//     the loop skips. Warning only.
void every_other(float *d, const float *h, int chunks, size_t n) {
  for (int i = 0; i < chunks; i += 2)
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy{{(_ptds)?}}' copies one contiguous slice per iteration
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES: {{^}}  for (int i = 0; i < chunks; i += 2){{$}}
}

// 4. Strided slices (stride != size): pack or cudaMemcpy2D.
void strided(float *d, const float *h, int rows, size_t pitch, size_t width) {
  for (int r = 0; r < rows; ++r)
    cudaMemcpy(d + r * width, h + r * pitch, width * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy{{(_ptds)?}}' copies one slice per iteration; pack the slices into one buffer (or use cudaMemcpy2D for a fixed stride) and copy once [reordering/batching]
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one slice per iteration; pack
}

// 5. Per-tensor uploads of scattered host buffers.
void per_tensor(std::vector<HostTensor> &params, size_t bytes) {
  for (HostTensor &t : params)
    cudaMemcpy(t.device, t.data.data(), bytes, cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy{{(_ptds)?}}' copies one slice per iteration; pack
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one slice per iteration; pack
}

// 5b. Wrapped in a status-checking macro: warning, no fix.
void check(cudaError_t);
#define CUDA_CHECK(x) do { check(x); } while (0)
void upload_checked(float *d, const float *h, int chunks, size_t n) {
  for (int i = 0; i < chunks; ++i)
    CUDA_CHECK(cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy{{(_ptds)?}}' copies one contiguous slice per iteration
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES: {{^}}    CUDA_CHECK(cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice));{{$}}
  CUDA_CHECK(cudaMemcpy(d, h, n, cudaMemcpyHostToDevice));
}

// ---- Must not flag -------------------------------------------------------

// 6. Ragged sizes.
void ragged(float *d, const float *h, const size_t *sizes, const size_t *offsets, int n) {
  for (int i = 0; i < n; ++i)
    cudaMemcpy(d + offsets[i], h + offsets[i], sizes[i] * sizeof(float), cudaMemcpyHostToDevice);
}

// 7. One side fixed: the same staging buffer reused per chunk.
void reuse(float *d_tmp, const float *h, int chunks, size_t n) {
  for (int i = 0; i < chunks; ++i)
    cudaMemcpy(d_tmp, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
}

// 8. Per device, a small constant trip count.
void devices(float **d, const float *h, int count, size_t n) {
  for (int i = 0; i < count; ++i) {
    cudaSetDevice(i);
    cudaMemcpy(d[i], h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  }
  for (int i = 0; i < 2; ++i)
    cudaMemcpy(d[0] + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
}

// 9. In a macro: warning, no fix.
#define COPY_CHUNKS(d, h, c, n) for (int i = 0; i < c; ++i) cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice)
void macro(float *d, const float *h, int c, size_t n) {
  COPY_CHUNKS(d, h, c, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpy{{(_ptds)?}}' copies one contiguous slice per iteration
  // CHECK-MESSAGES-PTDS: :[[@LINE-2]]:3: warning: 'cudaMemcpy' copies one contiguous slice
}
// CHECK-FIXES: {{^}}  COPY_CHUNKS(d, h, c, n);{{$}}
