// RUN: %check_sysopt_tidy -check-suffix=DEFAULT %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-unbatched-kernel-launch %t -- \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.MinTripCount: 2, sysopt-unbatched-kernel-launch.WarnOnUnknownTripCount: false, sysopt-unbatched-kernel-launch.LaunchWrappers: 'launch_.*'}}" -- %cuda_stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-unbatched-kernel-launch' \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.LaunchWrappers: '(('}}" -- %cuda_stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=INVALID %s
// INVALID: sysopt-unbatched-kernel-launch: LaunchWrappers: invalid regex '((':

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
}

// A project's launch helper counts as a launch when listed.
void wrapped(float *x, int n, cudaStream_t s) {
  for (int b = 0; b < 16; ++b)
    launch_scale(x + b * n, n, 1.0f, s);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:5: warning: kernel 'launch_scale' is launched once per iteration
}
