// Host code of a CUDA file as nvcc compiles it: per-slice copies in a loop,
// a header test that needs __CUDACC__ to have a value, nvcc's host max(),
// and device-side placement new (clang's cuda_wrappers/<new>).
#include <cuda_runtime.h>
#include <new>

#if __CUDACC__
#define HAVE_CUDACC 1
#endif

struct Pair { float a, b; };

__global__ void build(Pair *out) {
  new (out + threadIdx.x) Pair{1.0f, 2.0f};
}

void upload(float *dst, const float *src, int chunks, size_t chunk) {
  for (int c = 0; c < chunks; ++c)
    cudaMemcpy(dst + c * chunk, src + c * chunk, chunk * sizeof(float),
               cudaMemcpyHostToDevice);
}

int widest(int a, int b) { return max(a, b) + HAVE_CUDACC; }
