// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs

#include <cublas_v2.h>
#include <nccl.h>

// 1. One all-reduce per device from one thread, no group.
void allreduce(float **buf, ncclComm_t *comms, cudaStream_t *streams, int devices, size_t n) {
  for (int d = 0; d < devices; ++d) {
    cudaSetDevice(d);
    ncclAllReduce(buf[d], buf[d], n, ncclFloat, ncclSum, comms[d], streams[d]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ncclAllReduce' is issued once per iteration outside ncclGroupStart/ncclGroupEnd; group the loop so that NCCL aggregates the calls (ungrouped per-device calls from one thread can deadlock) [reordering/batching] [sysopt-unbatched-kernel-launch]
  }
  // CHECK-FIXES: {{^}}  ncclGroupStart();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int d = 0; d < devices; ++d) {{[{]}}{{$}}
  // CHECK-FIXES: {{^}}  }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  ncclGroupEnd();{{$}}
}

// 2. Send/recv pairs, a single-statement body, pnccl twins.
void exchange(float **buf, ncclComm_t *comms, cudaStream_t *s, int peers, size_t n) {
  for (int p = 0; p < peers; ++p)
    pncclAllReduce(buf[p], buf[p], n, ncclFloat, ncclSum, comms[p], s[p]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pncclAllReduce' is issued once per iteration outside
  // CHECK-FIXES: {{^}}  ncclGroupStart();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int p = 0; p < peers; ++p){{$}}
  // CHECK-FIXES-NEXT: {{^}}    pncclAllReduce(buf[p], buf[p], n, ncclFloat, ncclSum, comms[p], s[p]);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  ncclGroupEnd();{{$}}
}

// 3. The loop waits for the stream: grouping would deadlock, no fix.
void with_sync(float **buf, ncclComm_t *comms, cudaStream_t *s, int devices, size_t n) {
  for (int d = 0; d < devices; ++d) {
    ncclBroadcast(buf[d], buf[d], n, ncclFloat, 0, comms[d], s[d]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ncclBroadcast' is issued once per iteration outside
    cudaStreamSynchronize(s[d]);
  }
  // CHECK-FIXES: {{^}}  for (int d = 0; d < devices; ++d) {{[{]}}{{$}}
}

// 4. Per-sample GEMMs with affine pointers.
void gemms(cublasHandle_t h, const float *A, const float *B, float *C, int batch, int m, int n, int k) {
  const float alpha = 1.f, beta = 0.f;
  for (int b = 0; b < batch; ++b)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A + b * m * k, m,
                B + b * k * n, k, &beta, C + b * m * n, m);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cublasSgemm_v2' multiplies one matrix slice per iteration; one cublasSgemmStridedBatched call does the whole batch when the slices are equally strided and the C slices do not overlap [reordering/batching]
  // CHECK-FIXES: cublasSgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, A, m, m * k, B, k, k * n, &beta, C, m, m * n, batch);
}

// ---- Must not flag -------------------------------------------------------

// 5. Already grouped.
void grouped(float **buf, ncclComm_t *comms, cudaStream_t *s, int devices, size_t n) {
  ncclGroupStart();
  for (int d = 0; d < devices; ++d)
    ncclAllReduce(buf[d], buf[d], n, ncclFloat, ncclSum, comms[d], s[d]);
  ncclGroupEnd();
}

// 6. GEMM chains: C of one step is A of the next (fixed or per-layer weights).
void chain(cublasHandle_t h, float *acts, const float *W, int layers, int n) {
  const float alpha = 1.f, beta = 0.f;
  for (int l = 0; l < layers; ++l)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, acts + l * n * n, n,
                W, n, &beta, acts + (l + 1) * n * n, n);
  for (int l = 0; l < layers; ++l)
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, acts + l * n * n, n,
                W + l * n * n, n, &beta, acts + (l + 1) * n * n, n);
}
