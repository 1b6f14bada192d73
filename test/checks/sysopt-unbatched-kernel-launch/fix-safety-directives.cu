// RUN: %check_sysopt_tidy -check-suffix=TRACE %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs -DTRACE_UPLOADS
// RUN: %check_sysopt_tidy -check-suffix=PLAIN %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// Replacing a loop that holds a directive would drop the other branch:
// with the macro defined or not, no fix.

#include <cuda_runtime.h>

void trace(int chunk);

// A directive between the loop header and the call: no fix, with the
//    macro defined or not.
void traced(float *d, const float *h, size_t n) {
  for (int i = 0; i < 8; ++i)
#ifdef TRACE_UPLOADS
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
#else
    cudaMemcpy(d + i * n, h + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
#endif
  // CHECK-MESSAGES-TRACE: :[[@LINE-4]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-MESSAGES-PLAIN: :[[@LINE-3]]:5: warning: 'cudaMemcpy' copies one contiguous slice
  // CHECK-FIXES-TRACE: {{^}}  for (int i = 0; i < 8; ++i){{$}}
  // CHECK-FIXES-PLAIN: {{^}}  for (int i = 0; i < 8; ++i){{$}}
}

