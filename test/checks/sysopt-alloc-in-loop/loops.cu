// RUN: %check_sysopt_tidy %s sysopt-alloc-in-loop %t -- -- %cuda_stubs

// Memory allocated and released on every iteration. With an invariant size
// and both calls as statements of the loop's body, the fix-it allocates
// before the loop and releases after it.

#include <cuda_runtime.h>
#include <stdlib.h>

#define CUDA_CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) abort(); } while (0)

__global__ void label(unsigned *scratch, const unsigned char *img, int n) {}

// 1. A scratch buffer per image, inside the check macro.
void segment(const unsigned char *const *d_imgs, int images, int n) {
  unsigned *d_scratch = nullptr;
  for (int i = 0; i < images; ++i) {
    CUDA_CHECK(cudaMalloc(&d_scratch, n * sizeof(unsigned)));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMalloc' allocates device memory on every iteration and 'cudaFree' releases it on the same path; allocate it once and reuse it, or take it from the stream-ordered pool (cudaMallocAsync/cudaFreeAsync) [removal/caching] [sysopt-alloc-in-loop]
    label<<<(n + 255) / 256, 256>>>(d_scratch, d_imgs[i], n);
    CUDA_CHECK(cudaFree(d_scratch));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: released here
    // CHECK-MESSAGES: :[[@LINE-6]]:3: note: in this loop
  }
}
// CHECK-FIXES: unsigned *d_scratch = nullptr;
// CHECK-FIXES-NEXT: CUDA_CHECK(cudaMalloc(&d_scratch, n * sizeof(unsigned)));
// CHECK-FIXES-NEXT: for (int i = 0; i < images; ++i) {
// CHECK-FIXES: label<<<(n + 255) / 256, 256>>>(d_scratch, d_imgs[i], n);
// CHECK-FIXES: }
// CHECK-FIXES-NEXT: CUDA_CHECK(cudaFree(d_scratch));

// 2. A pinned staging buffer per batch, in a while loop.
void stage(float *d, const float *src, int n, int batches, cudaStream_t s) {
  float *h = nullptr;
  int b = 0;
  while (b < batches) {
    cudaMallocHost(&h, n * sizeof(float));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMallocHost' allocates pinned host memory on every iteration and 'cudaFreeHost' releases it on the same path; allocate it once and reuse it [removal/caching]
    for (int i = 0; i < n; ++i)
      h[i] = src[b * n + i];
    cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
    cudaStreamSynchronize(s);
    cudaFreeHost(h);
    ++b;
  }
}
// CHECK-FIXES: cudaMallocHost(&h, n * sizeof(float));
// CHECK-FIXES-NEXT: while (b < batches) {
// CHECK-FIXES: }
// CHECK-FIXES-NEXT: cudaFreeHost(h);

// 3. A large host block from malloc, a constant size.
void histogram(const int *data, int batches) {
  for (int b = 0; b < batches; ++b) {
    int *counts = nullptr;
    counts = (int *)malloc(1 << 20);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'malloc' allocates host memory on every iteration and 'free' releases it on the same path; allocate it once and reuse it [removal/caching]
    counts[data[b] & 255] += 1;
    free(counts);
  }
}

// 4. new[] and delete[] of a large array.
void smooth(float *out, int frames) {
  float *tmp;
  for (int f = 0; f < frames; ++f) {
    tmp = new float[1 << 18];
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'new[]' allocates host memory on every iteration and 'delete[]' releases it on the same path
    tmp[0] = out[f];
    out[f] = tmp[0] * 0.5f;
    delete[] tmp;
  }
}
// CHECK-FIXES: tmp = new float[1 << 18];
// CHECK-FIXES-NEXT: for (int f = 0; f < frames; ++f) {
// CHECK-FIXES: delete[] tmp;
// CHECK-FIXES-NEXT: }

// 5. Registering and unregistering the same host buffer per step.
void pin_each_step(float *h, float *d, size_t bytes, int steps, cudaStream_t s) {
  for (int i = 0; i < steps; ++i) {
    cudaHostRegister(h, bytes, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaHostRegister' allocates pinned host memory on every iteration and 'cudaHostUnregister' releases it
    cudaMemcpyAsync(d, h, bytes, cudaMemcpyHostToDevice, s);
    cudaStreamSynchronize(s);
    cudaHostUnregister(h);
  }
}

// 6. The size changes per iteration: reported, no fix-it.
void per_layer(const int *sizes, int layers) {
  float *d = nullptr;
  for (int l = 0; l < layers; ++l) {
    cudaMalloc(&d, sizes[l] * sizeof(float));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMalloc' allocates device memory on every iteration
    cudaFree(d);
  }
}
// CHECK-FIXES: for (int l = 0; l < layers; ++l) {
// CHECK-FIXES-NEXT: cudaMalloc(&d, sizes[l] * sizeof(float));

// 7. The pointer is declared in the loop: reported, no fix-it.
void declared_inside(int n, int steps) {
  for (int i = 0; i < steps; ++i) {
    float *d;
    cudaMallocManaged(&d, n * sizeof(float));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMallocManaged' allocates managed memory on every iteration
    cudaFree(d);
  }
}

// 8. A `break` in the loop: moving the release after the loop could skip
// nothing, but a jump is where the fix stops being obviously right.
void until_done(int n, const bool *done) {
  float *d = nullptr;
  for (int i = 0;; ++i) {
    cudaMalloc(&d, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMalloc' allocates device memory on every iteration
    cudaFree(d);
    if (done[i])
      break;
  }
}
// CHECK-FIXES: for (int i = 0;; ++i) {
// CHECK-FIXES-NEXT: cudaMalloc(&d, n);

//===--- Left alone ------------------------------------------------------===//

void keep(float **bufs, int n, int count) {
  // Kept beyond the iteration: no release in the loop.
  for (int i = 0; i < count; ++i)
    cudaMalloc(&bufs[i], n);
  float *d = nullptr;
  for (int i = 0; i < count; ++i) {
    // Released before the next allocation: each iteration's buffer
    // outlives it.
    cudaFree(d);
    cudaMalloc(&d, n);
  }
}
void grow(const int *sizes, int steps) {
  float *d = nullptr;
  int cap = 0;
  for (int i = 0; i < steps; ++i) {
    // Reallocated only when it must grow.
    if (sizes[i] > cap) {
      cudaFree(d);
      cudaMalloc(&d, sizes[i]);
      cap = sizes[i];
    }
  }
  cudaFree(d);
}
void pooled(int n, int steps, cudaStream_t s) {
  // The stream-ordered pool is the remedy, not the problem.
  for (int i = 0; i < steps; ++i) {
    float *d;
    cudaMallocAsync(&d, n, s);
    cudaFreeAsync(d, s);
  }
}
void small_or_unknown(int n, int steps) {
  for (int i = 0; i < steps; ++i) {
    char *small = (char *)malloc(64); // served from malloc's free lists
    free(small);
    char *sized = (char *)malloc(n); // size unknown: say nothing
    free(sized);
  }
}
void hoisted(int n, int steps) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  for (int i = 0; i < steps; ++i)
    label<<<1, 1>>>((unsigned *)d, nullptr, n);
  cudaFree(d);
}
void freed_sometimes(int n, int steps, const bool *last) {
  float *d = nullptr;
  for (int i = 0; i < steps; ++i) {
    cudaMalloc(&d, n);
    if (last[i])
      cudaFree(d);
  }
}
void once(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  cudaFree(d);
}
void macro_loop(int n) {
  float *d = nullptr;
  do { cudaMalloc(&d, n); cudaFree(d); } while (0);
}
