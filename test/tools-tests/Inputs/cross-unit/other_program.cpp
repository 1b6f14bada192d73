// Another program of the same repository with a function of the same name
// and signature as one train.cpp calls in its loop, declared by no shared
// header: not the function train.cpp calls, so not reported.
#include <cuda_runtime.h>

void report_step(int n) {
  float *scratch;
  cudaMalloc(&scratch, n * sizeof(float));
  cudaFree(scratch);
}
