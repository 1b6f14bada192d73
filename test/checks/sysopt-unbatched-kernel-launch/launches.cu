// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs

#include <cuda_runtime.h>

__global__ void scale(float *x, int n, float a) {}
__global__ void add(const float *a, const float *b, float *c, int n) {}
__global__ void layer(const float *in, float *out, int n) {}
__global__ void accumulate(const float *x, float *sum, int n) {}
__global__ void ragged(float *x, int n) {}

// 1. The same kernel per slice (p + i * n).
void per_slice(float *x, int batches, int n, cudaStream_t s) {
  for (int b = 0; b < batches; ++b)
    scale<<<(n + 255) / 256, 256, 0, s>>>(x + b * n, n, 2.0f);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'scale' is launched once per iteration on a slice of the data; launch it once over all slices (an extra grid dimension or index), or capture the loop once in a CUDA Graph and replay it [reordering/batching] [sysopt-unbatched-kernel-launch]
}

// 2. Several slices of different buffers, &p[i * n] form, while loop.
void elementwise(const float *a, const float *b, float *c, int chunks, int n) {
  int i = 0;
  for (int i = 0; i < chunks; ++i) {
    add<<<64, 256>>>(&a[i * n], &b[i * n], &c[i * n], n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'add' is launched once per iteration
  }
  (void)i;
}

// 3. Over a table of per-sample pointers.
void per_sample(float **samples, int count, int n) {
  for (int i = 0; i < count; ++i)
    scale<<<1, 128>>>(samples[i], n, 0.5f);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'scale' is launched once per iteration
}

// 4. cudaLaunchKernel with per-iteration arguments.
void via_api(void **args_per_batch[], int batches) {
  for (int b = 0; b < batches; ++b)
    cudaLaunchKernel((const void *)scale, dim3(64), dim3(256), args_per_batch[b], 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the same kernel is launched once per iteration; launch it once over all slices or capture the loop in a CUDA Graph [reordering/batching]
}

// ---- Must not flag -------------------------------------------------------

// 5. Layer stack: slice i feeds slice i + 1.
void stack(float *acts, int layers, int n) {
  for (int l = 0; l < layers; ++l)
    layer<<<64, 256>>>(acts + l * n, acts + (l + 1) * n, n);
}

// 6. Ping-pong buffers swapped every iteration.
void ping_pong(float *a, float *b, int steps, int n) {
  for (int s = 0; s < steps; ++s) {
    layer<<<64, 256>>>(a, b, n);
    float *t = a; a = b; b = t;
  }
}

// 7. Every iteration writes the same accumulator.
void reduce(const float *x, float *sum, int chunks, int n) {
  for (int i = 0; i < chunks; ++i)
    accumulate<<<64, 256>>>(x + i * n, sum, n);
}

// 8. Ragged segments: the grid depends on the iteration.
void segments(float *x, const int *offsets, const int *sizes, int count) {
  for (int i = 0; i < count; ++i)
    ragged<<<(sizes[i] + 255) / 256, 256>>>(x + offsets[i], sizes[i]);
}

// 9. A small constant trip count (MinTripCount, default 4).
void three(float *x, int n) {
  for (int i = 0; i < 3; ++i)
    scale<<<64, 256>>>(x + i * n, n, 1.0f);
}

// 10. One device per iteration.
void per_device(float **x, int devices, int n) {
  for (int d = 0; d < devices; ++d) {
    cudaSetDevice(d);
    scale<<<64, 256>>>(x[d], n, 1.0f);
  }
}

// 11. Inside stream capture: already one graph.
void captured(float *x, int batches, int n, cudaStream_t s) {
  cudaGraph_t g;
  cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal);
  for (int b = 0; b < batches; ++b)
    scale<<<64, 256, 0, s>>>(x + b * n, n, 2.0f);
  cudaStreamEndCapture(s, &g);
}

// 12. The same launch on the same data (no slice), and device code.
void repeat(float *x, int steps, int n) {
  for (int s = 0; s < steps; ++s)
    scale<<<64, 256>>>(x, n, 0.99f);
}
__global__ void device_loop(float *x, int n) {
  for (int i = 0; i < n; ++i) x[i] = 0;
}
