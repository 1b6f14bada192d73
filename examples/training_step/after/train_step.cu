// One data-parallel training step: upload the batch and the parameters,
// run per-sample GEMMs, all-reduce the gradients across devices. Each loop
// pays a fixed cost (a transfer, a launch, a collective) per iteration.
#include <cstdio>
#include <vector>
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <nccl.h>

struct HostParam { std::vector<float> values; float *device; };

__global__ void relu(float *x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && x[i] < 0) x[i] = 0;
}

// The batch arrives in equally sized chunks of one host buffer.
static void upload_batch(float *d_batch, const float *h_batch, int chunks, size_t chunk) {
  if ((chunks) > 0)
    cudaMemcpy(d_batch, h_batch, static_cast<size_t>(chunks) * (chunk * sizeof(float)), cudaMemcpyHostToDevice);
}

// Each parameter tensor lives in its own host vector.
static void upload_params(std::vector<HostParam> &params, size_t bytes) {
  for (HostParam &p : params)
    cudaMemcpy(p.device, p.values.data(), bytes, cudaMemcpyHostToDevice);
}

static void forward(cublasHandle_t h, const float *X, const float *W, float *Y,
                    int batch, int m, int k, int n) {
  const float alpha = 1.f, beta = 0.f;
  if ((batch) > 0)
    cublasSgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &alpha, X, m, m * k, W, k, k * n, &beta, Y, m, m * n, batch);
  for (int b = 0; b < batch; ++b)
    relu<<<(m * n + 255) / 256, 256>>>(Y + b * m * n, m * n);
}

static void allreduce(float **grads, ncclComm_t *comms, cudaStream_t *streams,
                      int devices, size_t count) {
  ncclGroupStart();
  for (int d = 0; d < devices; ++d) {
    cudaSetDevice(d);
    ncclAllReduce(grads[d], grads[d], count, ncclFloat, ncclSum, comms[d], streams[d]);
  }
  ncclGroupEnd();
}

int main() {
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::printf("no CUDA device\n");
    return 0;
  }
  const int batch = 32, m = 16, k = 16, n = 16;
  std::vector<float> h_batch(batch * m * k, 1.0f);
  float *d_x = nullptr, *d_w = nullptr, *d_y = nullptr;
  cudaMalloc(&d_x, h_batch.size() * sizeof(float));
  cudaMalloc(&d_w, batch * k * n * sizeof(float));
  cudaMalloc(&d_y, batch * m * n * sizeof(float));
  std::vector<HostParam> params = {{std::vector<float>(batch * k * n, 0.5f), d_w}};
  upload_batch(d_x, h_batch.data(), batch, m * k);
  upload_params(params, batch * k * n * sizeof(float));
  cublasHandle_t h;
  cublasCreate(&h);
  forward(h, d_x, d_w, d_y, batch, m, k, n);
  float first = 0;
  cudaMemcpy(&first, d_y, sizeof(float), cudaMemcpyDeviceToHost);
  std::printf("y[0] = %.1f on %d device(s)\n", first, devices);
  (void)allreduce;
  cublasDestroy(h);
  return 0;
}
