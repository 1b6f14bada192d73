#include <cuda_runtime.h>
#include <cstdio>
// A host stand-in for the runtime: counts the bytes it is asked to copy.
static unsigned long long g_bytes = 0;
extern "C" cudaError_t cudaMemcpy(void *, const void *, size_t count, enum cudaMemcpyKind) {
  g_bytes += count;
  return cudaSuccess;
}
void upload(float *d, const float *h, int chunks, int n);
int main() {
  // Addresses are never dereferenced: any non-null ones will do.
  float *base = reinterpret_cast<float *>(static_cast<unsigned long>(1) << 40);
  upload(base, base, 32768, 65536);
  std::printf("%llu\n", g_bytes);
}
