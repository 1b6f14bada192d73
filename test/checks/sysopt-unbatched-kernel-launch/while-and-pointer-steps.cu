// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs

// Loops over offsets and pointers have an induction variable and a step
// like counted for loops: a launch on `p` stepped by a fixed stride, or on
// `buf + off` with `off += chunk`, is a launch per slice.

#include <cuda_runtime.h>

__global__ void k(float *p, int n) {}
__global__ void pair(const float *in, float *out, int n) {}

// 1. A for loop that bumps a pointer in its increment.
void bump(float *p, int n, int stride) {
  for (int i = 0; i < n; ++i, p += stride)
    k<<<1, 256>>>(p, stride);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'k' is launched once per iteration on a slice of the data
}

// 2. A while loop over offsets.
void chunks(float *buf, int total, int chunk) {
  int off = 0;
  while (off < total) {
    k<<<1, 256>>>(buf + off, chunk);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'k' is launched once per iteration on a slice of the data
    off += chunk;
  }
}

// 3. A while loop over a pointer range.
void walk(float *first, float *last, int n) {
  while (first != last) {
    k<<<1, 256>>>(first, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'k' is launched once per iteration on a slice of the data
    first += n;
  }
}

// ---- Must not flag -------------------------------------------------------

// 4. A step read from data: ragged segments.
void ragged(float *buf, const int *sizes, int total) {
  int off = 0, i = 0;
  while (off < total) {
    k<<<1, 256>>>(buf + off, sizes[i]);
    off += sizes[i++];
  }
}

// 5. A step taken on some iterations only.
void sometimes(float *p, int n, int stride, const bool *skip) {
  for (int i = 0; i < n; ++i) {
    k<<<1, 256>>>(p, stride);
    if (!skip[i])
      p += stride;
  }
}

// 6. Each iteration reads the slice the previous one wrote.
void chained(float *p, int n, int stride) {
  for (int i = 0; i < n; ++i, p += stride)
    pair<<<1, 256>>>(p, p + stride, stride);
}

// 7. Ping-pong: the pointers are swapped, not stepped.
void ping_pong(float *a, float *b, int n, int steps) {
  int s = 0;
  while (s < steps) {
    pair<<<1, 256>>>(a, b, n);
    float *t = a;
    a = b;
    b = t;
    ++s;
  }
}
