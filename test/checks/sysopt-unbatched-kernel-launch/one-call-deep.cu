// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=DEPTH1 %s sysopt-unbatched-kernel-launch %t -- \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.CallDepth: 1}}" -- %cuda_stubs

// A loop calling, per slice, a function that issues GPU work one or two
// calls down: reported at the call in the loop, with a note for each call
// on the way, the operation and the loop.

#include <cuda_runtime.h>

__global__ void scale(float *x, int n, float a) {}
__global__ void scale2(float *x, int n) {}

// 1. A loop over slices calling a helper that launches.
static void scale_chunk(float *chunk, int n, cudaStream_t s) {
  scale<<<(n + 255) / 256, 256, 0, s>>>(chunk, n, 0.5f);
}
void per_chunk(float *x, int chunks, int n, cudaStream_t s) {
  for (int c = 0; c < chunks; ++c)
    scale_chunk(x + c * n, n, s);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'scale_chunk' issues a kernel launch on every call, and this loop calls it once per slice; batch the slices into one operation [reordering/batching] [sysopt-unbatched-kernel-launch]
  // CHECK-NOTES: :16:3: note: the operation: a launch of 'scale'
  // CHECK-NOTES: :19:3: note: in this loop
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:5: warning: 'scale_chunk' issues a kernel launch
}

// 2. A helper that copies.
static void upload_chunk(float *d, const float *h, size_t n) {
  cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice);
}
void uploads(float *d, const float *h, int chunks, size_t n) {
  for (int c = 0; c < chunks; ++c)
    upload_chunk(d + c * n, h + c * n, n);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'upload_chunk' issues a transfer on every call
  // CHECK-NOTES: :29:3: note: the operation: 'cudaMemcpy'
  // CHECK-NOTES: :32:3: note: in this loop
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:5: warning: 'upload_chunk' issues a transfer
}

// 3. Two levels down (the default CallDepth is 2), not with CallDepth 1.
static void scale_inner(float *chunk, int n, cudaStream_t s) {
  scale<<<1, 256, 0, s>>>(chunk, n, 2.0f);
}
static void twice(float *chunk, int n, cudaStream_t s) { scale_inner(chunk, n, s); }
void two_levels(float *x, int chunks, int n, cudaStream_t s) {
  for (int c = 0; c < chunks; ++c)
    twice(x + c * n, n, s);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'twice' issues a kernel launch on every call
  // CHECK-NOTES: :44:58: note: through this call to 'scale_inner'
  // CHECK-NOTES: :42:3: note: the operation: a launch of 'scale'
  // CHECK-NOTES: :46:3: note: in this loop
}

// 4. A helper that picks its kernel on an argument the loop does not change
//    (ggml's concat_f32_cuda), and one that returns the library's status
//    (cuda-samples' cublasXgemm).
static void pick(float *chunk, int n, int dim, cudaStream_t s) {
  if (dim == 0) {
    scale<<<1, 256, 0, s>>>(chunk, n, 1.0f);
    return;
  }
  scale2<<<1, 256, 0, s>>>(chunk, n);
}
void per_plane(float *x, int planes, int n, int dim, cudaStream_t s) {
  for (int p = 0; p < planes; ++p)
    pick(x + p * n, n, dim, s);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pick' issues a kernel launch on every call
  // CHECK-NOTES: :59:5: note: the operation: a launch of 'scale'
  // CHECK-NOTES: :65:3: note: in this loop
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:5: warning: 'pick' issues a kernel launch
}

static inline cudaError_t copy_status(float *d, const float *h, size_t n) {
  return cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice);
}
void uploads_checked(float *d, const float *h, int chunks, size_t n) {
  for (int c = 0; c < chunks; ++c)
    if (copy_status(d + c * n, h + c * n, n) != cudaSuccess)
      return;
  // CHECK-NOTES: :[[@LINE-2]]:9: warning: 'copy_status' issues a transfer on every call
  // CHECK-NOTES: :74:10: note: the operation: 'cudaMemcpy'
  // CHECK-NOTES: :77:3: note: in this loop
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-5]]:9: warning: 'copy_status' issues a transfer
}

// 5. A function template: the instantiation the loop calls.
template <typename T> void fill_chunk(T *chunk, int n, cudaStream_t s) {
  scale<<<1, 256, 0, s>>>(chunk, n, 0.0f);
}
void per_chunk_template(float *x, int chunks, int n, cudaStream_t s) {
  for (int c = 0; c < chunks; ++c)
    fill_chunk(x + c * n, n, s);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'fill_chunk<float>' issues a kernel launch on every call
  // CHECK-NOTES: :88:3: note: the operation: a launch of 'scale'
  // CHECK-NOTES: :91:3: note: in this loop
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:5: warning: 'fill_chunk<float>' issues a kernel launch
}

// 5b. A GEMM wrapper per matrix of a batch (cuda-samples' batchCUBLAS): the
//     loop reads fields of a parameter struct and passes the address of
//     another one, which the wrapper only reads.
#include <cublas_v2.h>
struct GemmParams { cublasOperation_t ta, tb; int m, n, k; float alpha, beta; };
static inline cublasStatus_t xgemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb,
                                   int m, int n, int k, float *alpha, const float *A, int lda,
                                   const float *B, int ldb, float *beta, float *C, int ldc) {
  return cublasSgemm(h, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
void per_matrix(cublasHandle_t h, float **A, float **B, float **C, int batch) {
  GemmParams params;
  for (int i = 0; i < batch; ++i)
    xgemm(h, params.ta, params.tb, params.m, params.n, params.k, &params.alpha, A[i],
          params.m, B[i], params.k, &params.beta, C[i], params.m);
  // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'xgemm' issues a GEMM on every call, and this loop calls it once per slice; batch the slices into one operation
  // CHECK-NOTES: :107:10: note: the operation: 'cublasSgemm'
  // CHECK-NOTES: :111:3: note: in this loop
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-5]]:5: warning: 'xgemm' issues a GEMM
}

// ---- Must not flag -------------------------------------------------------

// 6. An argument that changes per iteration and is not a slice.
static void maybe_scale(float *chunk, int n, bool on) {
  if (on)
    scale<<<1, 256>>>(chunk, n, 0.5f);
}
void conditional(float *x, int chunks, int n) {
  for (int c = 0; c < chunks; ++c)
    maybe_scale(x + c * n, n, c % 2 == 0);
}

// 7. A layer stack through the helper.
static void layer(const float *in, float *out, int n) { scale<<<1, 256>>>(out, n, in[0]); }
void stack(float *acts, int layers, int n) {
  for (int l = 0; l < layers; ++l)
    layer(acts + l * n, acts + (l + 1) * n, n);
}

// 8. The same writable scratch buffer on every call: the next iteration
//    reads what this one wrote (ggml's MoE loop reuses one contiguous
//    buffer per expert).
static void gather(float *scratch, const float *rows, int n) {
  scale<<<1, 256>>>(scratch, n, rows[0]);
}
void per_expert(float *scratch, const float *rows, int experts, int n) {
  for (int e = 0; e < experts; ++e)
    gather(scratch, rows + e * n, n);
}

// 9. The helper's only operation sits in a loop of its own: that loop is
//    the finding, not the call.
static void chunks_of(float *x, int parts, int n) {
  for (int p = 0; p < parts; ++p)
    scale<<<1, 256>>>(x + p * n, n, 1.0f);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: kernel 'scale' is launched once per iteration on a slice
  // CHECK-NOTES: :[[@LINE-3]]:3: note: in this loop
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-3]]:5: warning: kernel 'scale' is launched once per iteration
}
void nested(float *x, int rows, int parts, int n) {
  for (int r = 0; r < rows; ++r)
    chunks_of(x + r * parts * n, parts, n);
}

// 10. A helper that copies host memory (memcpy) or loads vector registers:
//     nothing runs on a device.
#include <string.h>
static void stage(float *dst, const float *src, int n) { memcpy(dst, src, n * sizeof(float)); }
void host_rows(float *dst, const float *src, int rows, int n) {
  for (int r = 0; r < rows; ++r)
    stage(dst + r * n, src + r * n, n);
}

// 11. A struct field the loop writes is not the same on every call.
void per_matrix_growing(cublasHandle_t h, float **A, float **B, float **C, int batch) {
  GemmParams params;
  for (int i = 0; i < batch; ++i) {
    xgemm(h, params.ta, params.tb, params.m, params.n, params.k, &params.alpha, A[i],
          params.m, B[i], params.k, &params.beta, C[i], params.m);
    params.k += 16;
  }
}

