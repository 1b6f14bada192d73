// RUN: %check_sysopt_tidy %s sysopt-pageable-async-copy %t -- -- %cuda_stubs

// The copy sits in a helper that takes the host memory as a parameter: the
// finding goes where pageable memory is handed to the helper (up to two
// calls up), with a note at the copy.

#include <cuda_runtime.h>
#include <vector>

template <typename T> struct DeviceBuffer {
  T *data_ = nullptr;
  void copy_from(const std::vector<T> &src, cudaStream_t s) {
    cudaMemcpyAsync(data_, src.data(), src.size() * sizeof(T), cudaMemcpyHostToDevice, s);
  }
};

template <typename T>
DeviceBuffer<T> to_device(const std::vector<T> &src, cudaStream_t s) {
  DeviceBuffer<T> out;
  out.copy_from(src, s);
  return out;
}

// 1. Two calls down through container references.
void search(const float *queries, int n, int nprobe, cudaStream_t s) {
  std::vector<float> coarse(n * nprobe);
  for (int i = 0; i < n * nprobe; ++i)
    coarse[i] = queries[i % n];
  auto d_coarse = to_device(coarse, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'to_device' copies from pageable memory with 'cudaMemcpyAsync', which is synchronous with the host
  // CHECK-MESSAGES: :[[@LINE-5]]:22: note: 'coarse' stores its elements in memory from std::allocator
  // CHECK-MESSAGES: :[[@LINE-12]]:3: note: which passes it on to 'copy_from'
  // CHECK-MESSAGES: :[[@LINE-20]]:5: note: 'cudaMemcpyAsync' copies it here
}

// 2. A pointer parameter; the caller passes a stack array, in a loop.
static void upload(void *dst, const void *src, size_t bytes, cudaStream_t s) {
  cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, s);
}
void batched_gemm_ptrs(const float **d_ptrs, const float *a, const float *b, int layers,
                       cudaStream_t s) {
  for (int l = 0; l < layers; ++l) {
    const float *h_ptrs[2] = {a + l, b + l};
    upload(d_ptrs, h_ptrs, sizeof(h_ptrs), s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'upload' copies from pageable memory with 'cudaMemcpyAsync', which is synchronous
    // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'h_ptrs' is an array on the stack
    // CHECK-MESSAGES: :[[@LINE-9]]:3: note: 'cudaMemcpyAsync' copies it here
    // CHECK-MESSAGES: :[[@LINE-6]]:3: note: in this loop
  }
}

// 3. The same helper called with pinned memory: nothing.
void pinned_caller(float *d, int n, cudaStream_t s) {
  float *h = nullptr;
  cudaMallocHost(&h, n * sizeof(float));
  upload(d, h, n * sizeof(float), s);
}

// 4. A per-step helper reached from a training loop, copying a member vector.
class Sampler {
  std::vector<float> probs_;
  float *d_probs_ = nullptr;
  void refresh(cudaStream_t s) {
    cudaMemcpyAsync(d_probs_, probs_.data(), probs_.size() * sizeof(float),
                    cudaMemcpyHostToDevice, s);
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cudaMemcpyAsync' from pageable memory
    // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'probs_' stores its elements in memory from std::allocator
    // CHECK-MESSAGES: :[[@LINE+6]]:5: note: in this loop
    // CHECK-MESSAGES: :[[@LINE+6]]:7: note: through this call to 'refresh'
  }

public:
  void decode(int steps, cudaStream_t s) {
    for (int t = 0; t < steps; ++t)
      refresh(s);
  }
};

// 5. A helper only a setup function calls: nothing.
static void put(float *d, const std::vector<float> &h, cudaStream_t s) {
  cudaMemcpyAsync(d, h.data(), h.size() * sizeof(float), cudaMemcpyHostToDevice, s);
}
void initialize_embeddings(float *d, cudaStream_t s) {
  std::vector<float> table(1024, 0.f);
  put(d, table, s);
}

// 6. A pointer parameter whose callers pass memory of unknown origin.
float *host_view();
void forwarder(float *d, int n, cudaStream_t s) { upload(d, host_view(), n * sizeof(float), s); }
