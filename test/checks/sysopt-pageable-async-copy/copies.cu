// RUN: %check_sysopt_tidy %s sysopt-pageable-async-copy %t -- -- %cuda_stubs

// Asynchronous copies whose host side is pageable memory the code itself
// allocated: stack arrays and objects, std::vector storage, malloc and new,
// members a constructor allocates. Reported on paths that run per step;
// no fix-it (where the pinned buffer lives is a design decision).

#include <cuda_runtime.h>
#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#define CHECK_CUDA(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) abort(); } while (0)

struct SplitInput { int node; float gain; };

// 1. Per-step inputs built in a local vector, then uploaded.
void evaluate_splits(SplitInput *d_inputs, const int *nodes, int n, cudaStream_t s) {
  std::vector<SplitInput> h_inputs(n);
  for (int i = 0; i < n; ++i)
    h_inputs[i] = {nodes[i], 0.f};
  CHECK_CUDA(cudaMemcpyAsync(d_inputs, h_inputs.data(), n * sizeof(SplitInput),
                             cudaMemcpyHostToDevice, s));
  // CHECK-MESSAGES: :[[@LINE-2]]:14: warning: 'cudaMemcpyAsync' from pageable memory is synchronous with the host: it waits for the stream's earlier work and stages the data through a driver buffer; use a pinned buffer allocated once (cudaMallocHost, cudaHostRegister, a pinned allocator) [replacement/specialization] [sysopt-pageable-async-copy]
  // CHECK-MESSAGES: :[[@LINE-6]]:27: note: 'h_inputs' stores its elements in memory from std::allocator
}

// 2. Read back into a vector on every iteration while the host goes on
// queuing the next layer's work: the copy makes it wait first.
__global__ void next_layer(float *x, int n) {}
void route(const char *d_ids, float *d_x, size_t bytes, int layers, cudaStream_t s) {
  for (int l = 0; l < layers; ++l) {
    std::vector<char> ids(bytes);
    cudaMemcpyAsync(ids.data(), d_ids, bytes, cudaMemcpyDeviceToHost, s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpyAsync' into pageable memory is synchronous with the host: it returns only when the stream has run the copy; use a pinned buffer allocated once (cudaMallocHost, cudaHostRegister, a pinned allocator) and wait for the stream before the host reads it [replacement/specialization]
    // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'ids' stores its elements in memory from std::allocator
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: in this loop
    next_layer<<<1, 256, 0, s>>>(d_x, 256);
    cudaStreamSynchronize(s);
  }
}

// 3. A stack array of pointers for a batched GEMM, uploaded per forward.
struct Attention {
  const float **d_ptrs;
  void forward(const float *q, const float *k, const float *v, cudaStream_t s) {
    const float *h_ptrs[3] = {q, k, v};
    cudaMemcpyAsync((void *)d_ptrs, h_ptrs, sizeof(h_ptrs), cudaMemcpyHostToDevice, s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpyAsync' from pageable memory
    // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'h_ptrs' is an array on the stack
  }
};

// 4. A scalar on the stack, read back while more work is queued after it.
double residual(const double *d_sum, float *d_x, cudaStream_t s) {
  double sum = 0;
  cudaMemcpyAsync(&sum, d_sum, sizeof(double), cudaMemcpyDeviceToHost, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' into pageable memory
  // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'sum' lives on the stack
  next_layer<<<1, 256, 0, s>>>(d_x, 256);
  cudaStreamSynchronize(s);
  return sum;
}

// 5. A member vector of a per-tree object.
class Partitioner {
  std::vector<int> segments_;
public:
  void finalise(int *d_segments, cudaStream_t s) const {
    cudaMemcpyAsync(d_segments, segments_.data(), segments_.size() * sizeof(int),
                    cudaMemcpyHostToDevice, s);
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'cudaMemcpyAsync' from pageable memory
    // CHECK-MESSAGES: :[[@LINE-6]]:20: note: 'segments_' stores its elements in memory from std::allocator
  }
};

// 6. malloc'ed image buffers, a 2D copy per image.
void segment_images(unsigned char *d_img, size_t pitch, int w, int h, int images,
                    cudaStream_t s) {
  unsigned char *h_img = (unsigned char *)malloc((size_t)w * h);
  for (int i = 0; i < images; ++i) {
    cudaMemcpy2DAsync(d_img, pitch, h_img, w, w, h, cudaMemcpyHostToDevice, s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy2DAsync' from pageable memory
    // CHECK-MESSAGES: :[[@LINE-4]]:43: note: 'h_img' is allocated with malloc
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop
  }
  free(h_img);
}

// 7. A member pointer that the constructor allocates with new[].
class Gates {
  int *h_gates_;
  int *d_gates_;
  int n_;
public:
  explicit Gates(int n) : h_gates_(new int[n]), d_gates_(nullptr), n_(n) {}
  ~Gates() { delete[] h_gates_; }
  void upload(cudaStream_t s) {
    for (int i = 0; i < n_; ++i)
      h_gates_[i] = i % 2;
    cudaMemcpyAsync(d_gates_, h_gates_, n_ * sizeof(int), cudaMemcpyHostToDevice, s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpyAsync' from pageable memory
    // CHECK-MESSAGES: :[[@LINE-7]]:36: note: 'h_gates_' is allocated with new
  }
};

// 8. The default kind: the runtime sees host memory, and it is pageable.
void upload_default(float *d, const std::vector<float> &host, cudaStream_t s) {
  cudaMemcpyAsync(d, host.data(), host.size() * sizeof(float), cudaMemcpyDefault, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
}

// 9. A by-value parameter uploaded straight from the stack.
void evaluate_root(SplitInput input, SplitInput *d_input, cudaStream_t s) {
  cudaMemcpyAsync(d_input, &input, sizeof(input), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
  // CHECK-MESSAGES: :[[@LINE-3]]:31: note: 'input' lives on the stack
}

// 10. A std::array on the stack; an element's address with an offset.
void upload_table(int *d, cudaStream_t s) {
  std::array<int, 16> table{};
  cudaMemcpyAsync(d, &table[4], 12 * sizeof(int), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
}

// 11. A function template, reported once at its source.
template <typename T>
void upload_flags(T *d, int n, cudaStream_t s) {
  std::vector<T> flags(n, T(1));
  cudaMemcpyAsync(d, flags.data(), n * sizeof(T), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
}
template void upload_flags<int>(int *, int, cudaStream_t);
template void upload_flags<float>(float *, int, cudaStream_t);

// 12. A static table, copied to the device on each call.
static const float kCoefficients[8] = {1, 2, 3, 4, 5, 6, 7, 8};
void upload_coefficients(float *d, cudaStream_t s) {
  cudaMemcpyAsync(d, kCoefficients, sizeof(kCoefficients), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: 'kCoefficients' is static data
}

// 13. A string's characters.
void upload_prompt(char *d, const std::string &prompt, cudaStream_t s) {
  cudaMemcpyAsync(d, prompt.c_str(), prompt.size(), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
}

//===--- Left alone ------------------------------------------------------===//

// Pinned memory: cudaMallocHost, cudaHostRegister.
void pinned_upload(float *d, int n, int steps, cudaStream_t s) {
  float *h = nullptr;
  cudaMallocHost(&h, n * sizeof(float));
  for (int i = 0; i < steps; ++i)
    cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
  cudaFreeHost(h);
}
void registered_vector(float *d, int n, cudaStream_t s) {
  std::vector<float> h(n);
  cudaHostRegister(h.data(), n * sizeof(float), 0);
  cudaMemcpyAsync(d, h.data(), n * sizeof(float), cudaMemcpyHostToDevice, s);
}
// malloc'ed, then registered.
void registered_malloc(float *d, int n, cudaStream_t s) {
  float *h = (float *)malloc(n * sizeof(float));
  cudaHostRegister(h, n * sizeof(float), 0);
  cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
}

// A vector with a pinned allocator.
template <typename T> struct PinnedAllocator {
  using value_type = T;
  T *allocate(size_t n) { T *p; cudaMallocHost(&p, n * sizeof(T)); return p; }
  void deallocate(T *p, size_t) { cudaFreeHost(p); }
};
void pinned_vector(float *d, int n, cudaStream_t s) {
  std::vector<float, PinnedAllocator<float>> h(n);
  cudaMemcpyAsync(d, h.data(), n * sizeof(float), cudaMemcpyHostToDevice, s);
}

// Provenance unknown: a pointer from elsewhere, or one of two allocations.
float *staging_buffer();
void unknown_source(float *d, int n, cudaStream_t s) {
  float *h = staging_buffer();
  cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
}
void either_source(float *d, int n, bool pinned, cudaStream_t s) {
  float *h = (float *)malloc(n * sizeof(float));
  if (pinned)
    cudaMallocHost(&h, n * sizeof(float));
  cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
}
void reassigned(float *d, float *pinned, int n, cudaStream_t s) {
  float *h = (float *)malloc(n * sizeof(float));
  h = pinned;
  cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
}

// A pointer parameter nobody here calls with pageable memory.
void upload_from(float *d, const float *h, int n, cudaStream_t s) {
  cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
}

// Device to device, the synchronous cudaMemcpy, a __device__ table.
__device__ float d_table[8];
void device_copies(float *a, float *b, const std::vector<float> &h, cudaStream_t s) {
  cudaMemcpyAsync(a, b, 8 * sizeof(float), cudaMemcpyDeviceToDevice, s);
  cudaMemcpy(a, h.data(), h.size() * sizeof(float), cudaMemcpyHostToDevice);
  cudaMemcpyAsync(a, d_table, sizeof(float), cudaMemcpyDeviceToDevice, s);
}

// A member pointer assigned by a function this unit cannot see.
class Staging {
  float *h_ = nullptr;
public:
  Staging(int n) : h_(new float[n]) {}
  void resize(int n); // defined elsewhere: may pin it
  void push(float *d, int n, cudaStream_t s) {
    cudaMemcpyAsync(d, h_, n * sizeof(float), cudaMemcpyHostToDevice, s);
  }
};
// A public member anybody may point elsewhere.
struct Open {
  float *h = new float[16];
  void push(float *d, cudaStream_t s) { cudaMemcpyAsync(d, h, 16 * sizeof(float), cudaMemcpyHostToDevice, s); }
};

// Setup: constructors, init and load functions, main outside a loop.
struct Model {
  float *d_weights;
  Model(const std::vector<float> &w, cudaStream_t s) {
    cudaMemcpyAsync(d_weights, w.data(), w.size() * sizeof(float), cudaMemcpyHostToDevice, s);
  }
  void loadWeights(const std::vector<float> &w, cudaStream_t s) {
    cudaMemcpyAsync(d_weights, w.data(), w.size() * sizeof(float), cudaMemcpyHostToDevice, s);
  }
};
void init_tables(float *d, cudaStream_t s) {
  std::vector<float> t(256, 1.f);
  cudaMemcpyAsync(d, t.data(), t.size() * sizeof(float), cudaMemcpyHostToDevice, s);
}
int main() {
  float *d = nullptr;
  cudaMalloc(&d, 64);
  std::vector<float> h(16);
  cudaMemcpyAsync(d, h.data(), 64, cudaMemcpyHostToDevice, 0);
  return 0;
}

// A kind chosen at run time between host-side kinds: the source is host
// memory either way (the host-to-device case is the one that matters).
int device_of(const void *p);
void copy_from_vector(float *dst, const std::vector<float> &v, cudaStream_t s) {
  cudaMemcpyAsync(dst, v.data(), v.size() * sizeof(float),
                  device_of(dst) == -1 ? cudaMemcpyHostToHost : cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: 'cudaMemcpyAsync' from pageable memory
}
// ... but a kind computed otherwise says nothing.
void copy_any(float *dst, const std::vector<float> &v, cudaMemcpyKind kind, cudaStream_t s) {
  cudaMemcpyAsync(dst, v.data(), v.size() * sizeof(float), kind, s);
}

// An array of host buffers, one malloc per image, uploaded per image.
void upload_images(unsigned char **d_img, int w, int h, cudaStream_t s) {
  unsigned char *h_img[4];
  for (int i = 0; i < 4; ++i)
    h_img[i] = (unsigned char *)malloc((size_t)w * h);
  for (int i = 0; i < 4; ++i) {
    cudaMemcpyAsync(d_img[i], h_img[i], (size_t)w * h, cudaMemcpyHostToDevice, s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpyAsync' from pageable memory
    // CHECK-MESSAGES: :[[@LINE-4]]:33: note: the elements of 'h_img' are allocated with malloc
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop
  }
  for (int i = 0; i < 4; ++i)
    free(h_img[i]);
}
// ... but not when the array is handed to a function that may fill it.
void fill_buffers(unsigned char **bufs, int n);
void upload_filled(unsigned char **d_img, int w, int h, cudaStream_t s) {
  unsigned char *h_img[4];
  for (int i = 0; i < 4; ++i)
    h_img[i] = (unsigned char *)malloc((size_t)w * h);
  fill_buffers(h_img, 4);
  for (int i = 0; i < 4; ++i)
    cudaMemcpyAsync(d_img[i], h_img[i], (size_t)w * h, cudaMemcpyHostToDevice, s);
}

// Into the host, when the host waits or reads right after: pinned memory
// would save a staging copy, not an overlap.
double converged(const double *d_sum, cudaStream_t s) {
  double sum = 0;
  cudaMemcpyAsync(&sum, d_sum, sizeof(double), cudaMemcpyDeviceToHost, s);
  cudaStreamSynchronize(s);
  return sum;
}
int first_id(const int *d_ids, int n, cudaStream_t s) {
  std::vector<int> ids(n);
  cudaMemcpyAsync(ids.data(), d_ids, n * sizeof(int), cudaMemcpyDeviceToHost, s);
  return ids[0];
}
// Setup and debug code: a debug dump.
void dump_tensor(const float *d, int n, cudaStream_t s) {
  float *h = new float[n];
  cudaMemcpyAsync(h, d, n * sizeof(float), cudaMemcpyDeviceToHost, s);
  next_layer<<<1, 1, 0, s>>>(nullptr, 0);
  delete[] h;
}
// ... also when the wait is inside an error-checking helper's argument.
template <typename T> void check_result(T result, const char *what) { if (result) abort(); }
#define checkErrors(val) check_result((val), #val)
double converged_checked(const double *d_sum, cudaStream_t s) {
  double sum = 0;
  checkErrors(cudaMemcpyAsync(&sum, d_sum, sizeof(double), cudaMemcpyDeviceToHost, s));
  checkErrors(cudaStreamSynchronize(s));
  return sum;
}
// ... with a check macro that throws on error, and inside stream capture
// (the copy runs when the graph is launched).
const char *cudaGetErrorString(cudaError_t);
#define CHECK_THROW(x) do { cudaError_t r_ = (x); if (r_ != cudaSuccess) throw cudaGetErrorString(r_); } while (0)
float reduce_to_host(const float *d_ws, cudaStream_t s) {
  float sum;
  CHECK_THROW(cudaMemcpyAsync(&sum, d_ws, sizeof(float), cudaMemcpyDeviceToHost, s));
  CHECK_THROW(cudaStreamSynchronize(s));
  return sum;
}
cudaError_t cudaStreamBeginCapture(cudaStream_t, int);
cudaError_t cudaStreamEndCapture(cudaStream_t, void **);
void captured(const double *d_sum, float *d_x, cudaStream_t s, void **graph) {
  double sum = 0;
  cudaStreamBeginCapture(s, 0);
  next_layer<<<1, 256, 0, s>>>(d_x, 256);
  cudaMemcpyAsync(&sum, d_sum, sizeof(double), cudaMemcpyDeviceToHost, s);
  cudaStreamEndCapture(s, graph);
  next_layer<<<1, 256, 0, s>>>(d_x, 256);
}
