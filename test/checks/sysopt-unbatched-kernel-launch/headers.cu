// RUN: %check_sysopt_tidy -no-fix -check-suffix=DEFAULT %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=REGEX %s sysopt-unbatched-kernel-launch %t -- \
// RUN:   -config="{CheckOptions: {sysopt-unbatched-kernel-launch.UserHeaderRegex: '.*/third_party/.*'}}" -- %cuda_stubs -I %S/Inputs

#include "third_party/vendored_nccl.h"
// CHECK-MESSAGES-REGEX-DAG: vendored_nccl.h:5:5: warning: 'ncclAllReduce' is issued once per iteration

void mine(float **b, ncclComm_t *c, cudaStream_t *s, int n) {
  for (int d = 0; d < n; ++d)
    ncclAllReduce(b[d], b[d], 1, ncclFloat, ncclSum, c[d], s[d]);
  // CHECK-MESSAGES-DEFAULT-DAG: :[[@LINE-1]]:5: warning: 'ncclAllReduce' is issued once per iteration
  // CHECK-MESSAGES-REGEX-DAG: :[[@LINE-2]]:5: warning: 'ncclAllReduce' is issued once per iteration
}
