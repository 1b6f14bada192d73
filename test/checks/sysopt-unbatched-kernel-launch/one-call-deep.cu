// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs

#include <cuda_runtime.h>

__global__ void scale(float *x, int n, float a) {}

static void scale_chunk(float *chunk, int n, cudaStream_t s) {
  scale<<<(n + 255) / 256, 256, 0, s>>>(chunk, n, 0.5f);
}

static void upload_chunk(float *d, const float *h, size_t n) {
  cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice);
}

// 1. A loop over slices calling a helper that launches: one call deep.
void per_chunk(float *x, int chunks, int n, cudaStream_t s) {
  for (int c = 0; c < chunks; ++c)
    scale_chunk(x + c * n, n, s);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'scale_chunk' issues a kernel launch on every call, and this loop calls it once per slice; batch the slices into one operation [reordering/batching] [sysopt-unbatched-kernel-launch]
  // CHECK-NOTES: :8:3: note: the operation, in 'scale_chunk'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: in this loop
}

// 2. A helper that copies.
void uploads(float *d, const float *h, int chunks, size_t n) {
  for (int c = 0; c < chunks; ++c)
    upload_chunk(d + c * n, h + c * n, n);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'upload_chunk' issues a transfer on every call
  // CHECK-NOTES: :12:3: note: the operation, in 'upload_chunk'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: in this loop
}

// ---- Must not flag -------------------------------------------------------

// 3. The helper launches only on some calls.
static void maybe_scale(float *chunk, int n, bool on) {
  if (on)
    scale<<<1, 256>>>(chunk, n, 0.5f);
}
void conditional(float *x, int chunks, int n) {
  for (int c = 0; c < chunks; ++c)
    maybe_scale(x + c * n, n, c % 2 == 0);
}

// 4. Two levels deep is out of reach (documented bound: one call).
static void twice(float *chunk, int n, cudaStream_t s) { scale_chunk(chunk, n, s); }
void two_levels(float *x, int chunks, int n, cudaStream_t s) {
  for (int c = 0; c < chunks; ++c)
    twice(x + c * n, n, s);
}

// 5. A layer stack through the helper.
static void layer(const float *in, float *out, int n) { scale<<<1, 256>>>(out, n, in[0]); }
void stack(float *acts, int layers, int n) {
  for (int l = 0; l < layers; ++l)
    layer(acts + l * n, acts + (l + 1) * n, n);
}
