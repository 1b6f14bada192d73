// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs

#include <cublas_v2.h>

// 1. The body is the GEMM alone and C's stride is ldc * n: one
//    StridedBatched call, guarded because the bound is signed.
void per_sample(cublasHandle_t h, const float *A, const float *B, float *C,
                int batch, int m, int n, int k) {
  const float alpha = 1.f, beta = 0.f;
  for (int b = 0; b < batch; ++b)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k, m,
                B + b * k * n, k, &beta, C + b * m * n, m);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies one matrix slice per iteration; one cublasSgemmStridedBatched call does the whole batch when the slices are equally strided and the C slices do not overlap [reordering/batching] [sysopt-unbatched-kernel-launch]
  // CHECK-FIXES: {{^}}  if ((batch) > 0)
  // CHECK-FIXES-NEXT: {{^}}    cublasSgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A, m, m * k, B, k, k * n, &beta, C, m, m * n, batch);
}

// 2. Braces, an unsigned bound, double precision, strides written b * s.
void doubles(cublasHandle_t h, const double *A, const double *B, double *C,
             unsigned batch, int m, int n, int k, int sa, int sb) {
  const double alpha = 1.0, beta = 0.0;
  const int ldc = m;
  for (unsigned b = 0; b < batch; b++) {
    cublasDgemm(h, CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, &alpha, A + b * sa, k,
                B + b * sb, k, &beta, C + b * (n * ldc), ldc);
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: 'cublasDgemm_v2' multiplies one matrix slice per iteration
  // CHECK-FIXES: {{^}}  cublasDgemmStridedBatched(h, CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, &alpha, A, k, sa, B, k, sb, &beta, C, ldc, n * ldc, batch);
}

// 3. Constant shapes: 64 x 64 blocks, C slices 4096 apart.
void constants(cublasHandle_t h, const float *A, const float *B, float *C) {
  const float alpha = 1.f, beta = 1.f;
  for (int b = 0; b < 8; ++b)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 64, 64, 64, &alpha, A + b * 4096, 64,
                B + b * 4096, 64, &beta, C + b * 4096, 64);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies
  // CHECK-FIXES: {{^}}  cublasSgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, 64, 64, 64, &alpha, A, 64, 4096, B, 64, 4096, &beta, C, 64, 4096, 8);
}

// ---- warning, no fix ----

// 4. C slices may overlap: the stride is not ldc * n.
void overlapping(cublasHandle_t h, const float *A, const float *B, float *C,
                 int batch, int m, int n, int k, int sc) {
  const float alpha = 1.f, beta = 1.f;
  for (int b = 0; b < batch; ++b)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k, m,
                B + b * k * n, k, &beta, C + b * sc, m);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies
  // CHECK-FIXES: {{^}}    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k, m,{{$}}
}

// 5. Constant C slices closer than ldc * n.
void too_close(cublasHandle_t h, const float *A, const float *B, float *C) {
  const float alpha = 1.f, beta = 1.f;
  for (int b = 0; b < 8; ++b)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 64, 64, 64, &alpha, A + b * 4096, 64,
                B + b * 4096, 64, &beta, C + b * 2048, 64);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies
  // CHECK-FIXES: {{^}}                B + b * 4096, 64, &beta, C + b * 2048, 64);{{$}}
}

// 6. Every other item: one batched call would do the skipped ones too.
void stepped(cublasHandle_t h, const float *A, const float *B, float *C,
             int batch, int m, int n, int k) {
  const float alpha = 1.f, beta = 0.f;
  for (int b = 0; b < batch; b += 2)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k, m,
                B + b * k * n, k, &beta, C + b * m * n, m);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies
  // CHECK-FIXES: {{^}}  for (int b = 0; b < batch; b += 2){{$}}
}

// 7. Something else in the body.
void with_sync(cublasHandle_t h, const float *A, const float *B, float *C,
               int batch, int m, int n, int k, int *count) {
  const float alpha = 1.f, beta = 0.f;
  for (int b = 0; b < batch; ++b) {
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k, m,
                B + b * k * n, k, &beta, C + b * m * n, m);
    ++*count;
  }
  // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: 'cublasSgemm_v2' multiplies
  // CHECK-FIXES: {{^}}    ++*count;{{$}}
}

// 8. The loop starts at 1.
void from_one(cublasHandle_t h, const float *A, const float *B, float *C,
              int batch, int m, int n, int k) {
  const float alpha = 1.f, beta = 0.f;
  for (int b = 1; b < batch; ++b)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k, m,
                B + b * k * n, k, &beta, C + b * m * n, m);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies
  // CHECK-FIXES: {{^}}  for (int b = 1; b < batch; ++b){{$}}
}

// 9. cublasGemmEx: its batched form takes other arguments.
void gemm_ex(cublasHandle_t h, const float *A, const float *B, float *C,
             int batch, int m, int n, int k) {
  const float alpha = 1.f, beta = 0.f;
  for (int b = 0; b < batch; ++b)
    cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k,
                 CUDA_R_32F, m, B + b * k * n, CUDA_R_32F, k, &beta,
                 C + b * m * n, CUDA_R_32F, m, CUBLAS_COMPUTE_32F,
                 CUBLAS_GEMM_DEFAULT);
  // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: 'cublasGemmEx' multiplies
  // CHECK-FIXES: {{^}}    cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k,{{$}}
}
