// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// The loop-replacing fix keeps behaviour: nothing of the loop's text is
// lost (directives, macros; comments are kept), and the whole-range size
// is computed in size_t.

#include <cuda_runtime.h>

void trace(int chunk);
#define TRACE_CHUNK(c) trace(c)
#define SLICE_BYTES (n * sizeof(float))

// 1. int chunks times int n overflows int before the widening
//    (32768 x 65536 floats): the total is computed in size_t.
void upload_ints(float *d, const float *h, int chunks, int n) {
  for (int i = 0; i < chunks; ++i)
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice per iteration; copy the whole range with one call [reordering/batching] [sysopt-unbatched-kernel-launch]
  // CHECK-FIXES: {{^}}  if ((chunks) > 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    cudaMemcpy(d, h, static_cast<size_t>(chunks) * (n * sizeof(float)), cudaMemcpyHostToDevice);{{$}}
}

// 1b. The guarded replacement is an `if` without `else`: as the branch of
//     an `if` with an `else` it would take that `else`. No fix.
void dangling(float *d, const float *h, int chunks, size_t n, bool ready) {
  if (ready)
    for (int i = 0; i < chunks; ++i)
      cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  else
    d = nullptr;
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES: {{^}}    for (int i = 0; i < chunks; ++i){{$}}
}

// 2. A comment in the loop is kept, before the call.
void commented(float *d, const float *h, size_t n) {
  for (int i = 0; i < 8; ++i) {
    // one chunk per iteration
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES: {{^}}  // one chunk per iteration{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cudaMemcpy(d, h, static_cast<size_t>(8) * (n * sizeof(float)), cudaMemcpyHostToDevice);{{$}}
}

// 3. A statement-like macro next to the call: the loop is not the call
//    alone, no fix.
void macro_in_loop(float *d, const float *h, size_t n) {
  for (int i = 0; i < 8; ++i) {
    TRACE_CHUNK(i);
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES: {{^}}    TRACE_CHUNK(i);{{$}}
}

// 4. The slice size is spelled by a macro: its text cannot be proven to be
//    the same expression in the new call, no fix.
void macro_size(float *d, const float *h, size_t n) {
  for (int i = 0; i < 8; ++i)
    cudaMemcpy(d + i * n, h + i * n, SLICE_BYTES, cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES: {{^}}    cudaMemcpy(d + i * n, h + i * n, SLICE_BYTES, cudaMemcpyHostToDevice);{{$}}
}

// 5. A pragma applies to the loop: replacing the loop would leave it
//    without one.
void unrolled(float *d, const float *h, size_t n) {
#pragma unroll
  for (int i = 0; i < 8; ++i)
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES: {{^}}#pragma unroll{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int i = 0; i < 8; ++i){{$}}
}
