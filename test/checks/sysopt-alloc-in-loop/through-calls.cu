// RUN: %check_sysopt_tidy %s sysopt-alloc-in-loop %t -- -- %cuda_stubs

// A helper that allocates and releases its scratch on every call, called
// from a loop (up to two calls down) or bound to Python: reported at the
// allocation with the path, without a fix-it (the buffer belongs to the
// caller's loop, or to the object).

#include <cuda_runtime.h>

__global__ void decode(float *scratch, const unsigned char *jpeg, int n) {}

static void decode_one(const unsigned char *d_jpeg, int n) {
  float *d_scratch = nullptr;
  cudaMalloc(&d_scratch, n * sizeof(float));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMalloc' allocates device memory on every call of 'decode_one' and 'cudaFree' releases it on the same path; allocate it once and reuse it, or take it from the stream-ordered pool (cudaMallocAsync/cudaFreeAsync) [removal/caching] [sysopt-alloc-in-loop]
  // CHECK-MESSAGES: :[[@LINE+3]]:3: note: released here
  // CHECK-MESSAGES: :[[@LINE+6]]:3: note: in this loop
  decode<<<1, 256>>>(d_scratch, d_jpeg, n);
  cudaFree(d_scratch);
}

void decode_all(const unsigned char *const *d_files, int files, int n) {
  for (int f = 0; f < files; ++f)
    decode_one(d_files[f], n);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: through this call to 'decode_one'
}

// Two calls down, a pinned buffer.
static void stage_and_send(float *d, int n, cudaStream_t s) {
  float *h = nullptr;
  cudaMallocHost(&h, n * sizeof(float));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMallocHost' allocates pinned host memory on every call of 'stage_and_send'
  cudaMemcpyAsync(d, h, n * sizeof(float), cudaMemcpyHostToDevice, s);
  cudaStreamSynchronize(s);
  cudaFreeHost(h);
}
static void step(float *d, int n, cudaStream_t s) { stage_and_send(d, n, s); }
void train(float *d, int n, int steps, cudaStream_t s) {
  for (int i = 0; i < steps; ++i)
    step(d, n, s);
}

// An extension op bound to Python runs once per step.
namespace pybind11 {
struct module_ {
  template <typename F> module_ &def(const char *, F &&) { return *this; }
};
} // namespace pybind11
void fused_op(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMalloc' allocates device memory on every call of 'fused_op'
  decode<<<1, 1>>>(d, nullptr, n);
  cudaFree(d);
}
void bind(pybind11::module_ &m) { m.def("fused_op", &fused_op); }

// A TorchScript class registered at static initialisation, outside any
// function: its forward is called once per request.
namespace torch {
template <class T> struct class_ {
  class_(const char *, const char *) {}
  template <typename F> class_ &def(const char *, F) { return *this; }
};
} // namespace torch
struct ScriptedOp {
  void forward(int n) {
    float *d = nullptr;
    cudaMalloc(&d, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMalloc' allocates device memory on every call of 'forward'
    cudaFree(d);
  }
};
static auto ScriptedOpRegistration =
    torch::class_<ScriptedOp>("ns", "ScriptedOp").def("forward", &ScriptedOp::forward);

// A template instantiated from a loop.
template <typename T> void scratch_for(int n) {
  T *d = nullptr;
  cudaMalloc(&d, n * sizeof(T));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMalloc' allocates device memory on every call of 'scratch_for<float>'
  cudaFree(d);
}
void per_batch(int n, int batches) {
  for (int b = 0; b < batches; ++b)
    scratch_for<float>(n);
}

// Left alone: a helper nobody here calls in a loop, one a setup function
// calls once, and one whose buffer outlives the call.
void standalone(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  cudaFree(d);
}
float *make_buffer(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  return d;
}
void collect(float **out, int n, int count) {
  for (int i = 0; i < count; ++i)
    out[i] = make_buffer(n);
}

// Loops of setup code: a benchmark sweep that runTest calls once, an
// initialiser.
static void timed_pass(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  cudaFree(d);
}
static void sweep(int maxN) {
  for (int n = 1; n < maxN; n *= 2)
    timed_pass(n);
}
void runTest(int maxN) { sweep(maxN); }
void initialize_pools(int n, int pools) {
  for (int p = 0; p < pools; ++p) {
    float *d = nullptr;
    cudaMalloc(&d, n);
    cudaFree(d);
  }
}
// An offline autotuner that writes a configuration file (FasterTransformer's
// gemm_test): it times each candidate once per run.
static void time_candidate(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  cudaFree(d);
}
void generate_gemm_config(int candidates) {
  for (int c = 0; c < candidates; ++c)
    time_candidate(c);
}
