// An inference server's step, opened in the editor through sysopt-clangd.
#include <cuda_runtime.h>
#include <nccl.h>
#include <string>
#include <vector>

struct Request { std::string prompt; std::vector<int> tokens; };

static size_t prompt_tokens(Request r) { return r.tokens.size(); }

static void upload(float *dst, const float *src, int chunks, size_t chunk) {
  for (int c = 0; c < chunks; ++c)
    cudaMemcpy(dst + c * chunk, src + c * chunk, chunk * sizeof(float),
               cudaMemcpyHostToDevice);
}

static void sync_grads(float **bufs, ncclComm_t *comms, cudaStream_t *streams,
                       int devices, size_t count) {
  for (int d = 0; d < devices; ++d)
    ncclAllReduce(bufs[d], bufs[d], count, ncclFloat, ncclSum, comms[d],
                  streams[d]);
}

int main() {
  Request r{"hello", {1, 2, 3}};
  float *d = nullptr;
  float h[64] = {};
  upload(d, h, 8, 8);
  sync_grads(nullptr, nullptr, nullptr, 0, 0);
  return static_cast<int>(prompt_tokens(r));
}
