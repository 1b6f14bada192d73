#pragma once
#include <nccl.h>
inline void vendored_allreduce(float **b, ncclComm_t *c, cudaStream_t *s, int n) {
  for (int d = 0; d < n; ++d)
    ncclAllReduce(b[d], b[d], 1, ncclFloat, ncclSum, c[d], s[d]);
}
