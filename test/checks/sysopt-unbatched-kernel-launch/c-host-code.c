// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.LaunchWrappers: 'activate_array_gpu'}}" -- -std=c99
// C host code (darknet-style): counters declared before the loop, launch
// wrappers defined in another file, the runtime's C declarations.

#include <stddef.h>

typedef enum cudaError { cudaSuccess = 0 } cudaError_t;
enum cudaMemcpyKind { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2 };
typedef struct CUstream_st *cudaStream_t;
cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind);

typedef enum { LOGISTIC, RELU } ACTIVATION;
typedef struct {
  float *output_gpu, *delta_gpu;
  int outputs, batch, classes, w, h;
} layer;
void activate_array_gpu(float *x, int n, ACTIVATION a);

// ---- Must flag -----------------------------------------------------------

// 1. A launch wrapper per batch item over slices of one buffer.
void forward_seg(const layer l) {
  int b;
  for (b = 0; b < l.batch; ++b) {
    activate_array_gpu(l.output_gpu + b * l.outputs, l.classes * l.w * l.h, LOGISTIC);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'activate_array_gpu' is launched once per iteration on a slice of the data; {{.*}} [reordering/batching] [sysopt-unbatched-kernel-launch]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop
  }
}

// 2. Contiguous uploads with a C99 counter: the whole-range fix.
void upload(float *d, const float *h, int chunks, size_t n) {
  for (int i = 0; i < chunks; ++i)
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice per iteration; copy the whole range with one call [reordering/batching]
  // CHECK-FIXES: {{^}}  if ((chunks) > 0)
  // CHECK-FIXES-NEXT: {{^}}    cudaMemcpy(d, h, (size_t)(chunks) * (n * sizeof(float)), cudaMemcpyHostToDevice);
}

// 3. The same with a counter declared before the loop: it keeps its final
//    value after the loop, which the one-copy form would not. Warning only.
int upload_counted(float *d, const float *h, int chunks, size_t n) {
  int i;
  for (i = 0; i < chunks; ++i)
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice per iteration
  // CHECK-FIXES: {{^}}  for (i = 0; i < chunks; ++i){{$}}
  return i;
}

// ---- Must not flag -------------------------------------------------------

// 4. A recurrence through one buffer (darknet's RNN layers).
void recur(const layer l, int steps) {
  int t;
  for (t = 0; t < steps; ++t)
    cudaMemcpy(l.output_gpu + (t + 1) * l.outputs, l.output_gpu + t * l.outputs,
               l.outputs * sizeof(float), cudaMemcpyHostToDevice);
}
