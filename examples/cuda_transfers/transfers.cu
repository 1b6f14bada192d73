// Host<->device transfers of a training step: a staging copy of each batch
// before its upload, and a device->host->device round trip that moves the
// previous step's gradients through host memory nobody reads, and labels
// uploaded "asynchronously" from a std::vector, which is pageable memory.
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>

struct HostBatch { std::vector<float> features; };

__global__ void scale(float *x, int n, float a) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= a;
}

static void upload(const HostBatch &batch, float *d_features) {
  std::vector<float> staging = batch.features;
  cudaMemcpy(d_features, staging.data(), staging.size() * sizeof(float),
             cudaMemcpyHostToDevice);
}

static void keep_previous(const float *d_grad, float *d_prev, size_t n) {
  std::vector<float> host(n);
  cudaMemcpy(host.data(), d_grad, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(d_prev, host.data(), n * sizeof(float), cudaMemcpyHostToDevice);
}

// Meant to overlap with the step's kernel; from pageable memory the runtime
// waits for the stream and stages the data before it returns.
static void upload_labels(const std::vector<int> &labels, int *d_labels, cudaStream_t s) {
  cudaMemcpyAsync(d_labels, labels.data(), labels.size() * sizeof(int),
                  cudaMemcpyHostToDevice, s);
}

// How many blocks to launch: asks the runtime on every batch.
static int blocks_for(int n, int device, int batches) {
  int blocks = 0;
  for (int b = 0; b < batches; ++b) {
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, device);
    blocks += (n + prop.maxThreadsPerBlock - 1) / prop.maxThreadsPerBlock;
  }
  return blocks / batches;
}

int main() {
  const int n = 1 << 20;
  HostBatch batch{std::vector<float>(n, 1.0f)};
  float *d_x = nullptr, *d_prev = nullptr;
  int *d_labels = nullptr;
  cudaStream_t stream = nullptr;
  if (cudaMalloc(&d_x, n * sizeof(float)) != cudaSuccess ||
      cudaMalloc(&d_prev, n * sizeof(float)) != cudaSuccess ||
      cudaMalloc(&d_labels, (n / 8) * sizeof(int)) != cudaSuccess ||
      cudaStreamCreate(&stream) != cudaSuccess) {
    std::printf("no CUDA device\n");
    return 0;
  }
  for (int step = 0; step < 20; ++step) {
    upload(batch, d_x);
    std::vector<int> labels(n / 8, step);
    upload_labels(labels, d_labels, stream);
    scale<<<blocks_for(n, 0, 4), 256>>>(d_x, n, 0.5f);
    keep_previous(d_x, d_prev, n);
  }
  float first = 0;
  cudaMemcpy(&first, d_prev, sizeof(float), cudaMemcpyDeviceToHost);
  std::printf("first %.3f\n", first);
  cudaFree(d_x);
  cudaFree(d_prev);
  cudaFree(d_labels);
  cudaStreamDestroy(stream);
  return 0;
}
