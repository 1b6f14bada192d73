// RUN: %check_sysopt_tidy -check-suffix=DEFAULT %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-unbatched-kernel-launch %t -- \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.MinTripCount: 2, sysopt-unbatched-kernel-launch.WarnOnUnknownTripCount: false, sysopt-unbatched-kernel-launch.LaunchWrappers: 'launch_.*'}}" -- %cuda_stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-unbatched-kernel-launch' \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.LaunchWrappers: '(('}}" -- %cuda_stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=INVALID %s
// INVALID: sysopt-unbatched-kernel-launch: LaunchWrappers: invalid regex '((':
// RUN: %check_sysopt_tidy -check-suffix=WRAP %s sysopt-unbatched-kernel-launch %t -- \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.ApiWrappers: 'dev::upload=transfer;run_.*=gemm'}}" -- %cuda_stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-unbatched-kernel-launch' \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.ApiWrappers: 'dev::upload=copy;(=gemm'}}" -- %cuda_stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=INVALID-WRAP %s
// INVALID-WRAP: sysopt-unbatched-kernel-launch: ApiWrappers: 'dev::upload=copy' is not 'regex=role' with a role among
// INVALID-WRAP: sysopt-unbatched-kernel-launch: ApiWrappers: invalid regex '(':

#include <cuda_runtime.h>

__global__ void scale(float *x, int n, float a) {}
void launch_scale(float *x, int n, float a, cudaStream_t s);

// Three iterations: below the default MinTripCount of 4, above 2.
void three(float *x, int n) {
  for (int i = 0; i < 3; ++i)
    scale<<<64, 256>>>(x + i * n, n, 1.0f);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:5: warning: kernel 'scale' is launched once per iteration
}

// Unknown trip count: reported by default, not with WarnOnUnknownTripCount=false.
void unknown(float *x, int batches, int n) {
  for (int b = 0; b < batches; ++b)
    scale<<<64, 256>>>(x + b * n, n, 1.0f);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:5: warning: kernel 'scale' is launched once per iteration
  // CHECK-MESSAGES-WRAP: :[[@LINE-2]]:5: warning: kernel 'scale' is launched once per iteration
}

// A project's launch helper counts as a launch when listed.
void wrapped(float *x, int n, cudaStream_t s) {
  for (int b = 0; b < 16; ++b)
    launch_scale(x + b * n, n, 1.0f, s);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:5: warning: kernel 'launch_scale' is launched once per iteration
}

// A project's copy and GEMM helpers, named with their role by ApiWrappers:
// their calls per slice are batched like the API they wrap. Their bodies are
// not visible, so without the option nothing is said.
namespace dev {
void upload(float *dst, const float *src, int n, cudaStream_t s);
}
void run_matmul(const float *a, const float *b, float *c, int n);

void wrapped_roles(float *d, const float *h, const float *w, float *out, int n, cudaStream_t s) {
  for (int b = 0; b < 16; ++b)
    dev::upload(d + b * n, h + b * n, n, s);
  // CHECK-MESSAGES-WRAP: :[[@LINE-1]]:5: warning: 'upload' issues a transfer once per iteration on a slice of the data; issue one operation over all slices [reordering/batching] [sysopt-unbatched-kernel-launch]
  for (int b = 0; b < 16; ++b)
    run_matmul(d + b * n, w, out + b * n, n);
  // CHECK-MESSAGES-WRAP: :[[@LINE-1]]:5: warning: 'run_matmul' issues a GEMM once per iteration on a slice of the data; issue one operation over all slices [reordering/batching] [sysopt-unbatched-kernel-launch]
  // Not a slice: the same destination every iteration.
  for (int b = 0; b < 16; ++b)
    dev::upload(d, h + b * n, n, s);
}
