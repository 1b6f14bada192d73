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

static size_t queued_tokens(const std::vector<Request> &queue) {
  size_t total = 0;
  for (const Request &q : queue)
    total += prompt_tokens(q);
  return total;
}

int main() {
  std::vector<Request> queue{{"hello", {1, 2, 3}}};
  float *d = nullptr;
  float h[64] = {};
  upload(d, h, 8, 8);
  sync_grads(nullptr, nullptr, nullptr, 0, 0);
  size_t served = 0;
  for (int step = 0; step < 4; ++step)
    served += queued_tokens(queue);
  return static_cast<int>(served);
}
