// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-hoistable-computation %t -- \
// RUN:   -config="{CheckOptions: {sysopt-hoistable-computation.CallDepth: 1, sysopt-hoistable-computation.EntryPoints: 'serve_one'}}" -- %cuda_stubs

// Setup work one or two calls down from a loop, a per-element algorithm or
// an entry point: reported at the work, with the loop and each call as notes.

#include <cuda_runtime.h>
#include <algorithm>
#include <regex>
#include <string>
#include <vector>

// The cuBLASLt and pybind11 declarations real code includes.
typedef struct cublasLtMatmulDescOpaque_t *cublasLtMatmulDesc_t;
typedef struct cublasLtMatrixLayoutOpaque_t *cublasLtMatrixLayout_t;
typedef struct cublasLtContext *cublasLtHandle_t;
extern "C" int cublasLtMatmulDescCreate(cublasLtMatmulDesc_t *d, int compute, int scale);
extern "C" int cublasLtMatmulDescDestroy(cublasLtMatmulDesc_t d);
extern "C" int cublasLtMatrixLayoutCreate(cublasLtMatrixLayout_t *l, int type, unsigned long rows,
                                          unsigned long cols, long ld);
extern "C" int cublasLtMatrixLayoutDestroy(cublasLtMatrixLayout_t l);
extern "C" int cublasLtMatmul(cublasLtHandle_t h, cublasLtMatmulDesc_t d, const void *alpha,
                              const void *A, cublasLtMatrixLayout_t Ad, const void *B,
                              cublasLtMatrixLayout_t Bd, const void *beta, const void *C,
                              cublasLtMatrixLayout_t Cd, void *D, cublasLtMatrixLayout_t Dd,
                              const void *algo, void *ws, unsigned long wss, cudaStream_t s);
namespace pybind11 {
struct module_ {
  template <typename F> module_ &def(const char *name, F &&f) { return *this; }
};
} // namespace pybind11

// 1. A device query per call of a helper that a benchmark loop calls
//    (cuda-samples' reduction): cudaGetDevice is cheap and left alone.
void blocks_for(int n, int &blocks) {
  cudaDeviceProp prop;
  int device;
  cudaGetDevice(&device);
  cudaGetDeviceProperties(&prop, device);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cudaGetDeviceProperties' asks the same question about the device on every call of 'blocks_for', which runs repeatedly; query once (a static or a member) and reuse the result [removal/caching] [sysopt-hoistable-computation]
  // CHECK-NOTES: :48:3: note: in this loop
  // CHECK-NOTES: :49:5: note: through this call to 'blocks_for'
  // CHECK-MESSAGES-OPTS: :[[@LINE-4]]:3: warning: 'cudaGetDeviceProperties' asks the same question
  blocks = n / prop.maxThreadsPerBlock;
}
void reduce_passes(int n, int &blocks) {
  for (int s = n; s > 1; s /= 2)
    blocks_for(s, blocks);
}

// 2. Two calls down: reported with the default CallDepth 2, not with 1.
static int sm_count() {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cudaGetDeviceProperties' asks the same question about the device on every call of 'sm_count'
  // CHECK-NOTES: :64:3: note: in this loop
  // CHECK-NOTES: :65:16: note: through this call to 'grid_for'
  // CHECK-NOTES: :62:41: note: through this call to 'sm_count'
  return prop.multiProcessorCount;
}
static int grid_for(int n) { return n / sm_count(); }
void launches(int steps, int n, int *grids) {
  for (int t = 0; t < steps; ++t)
    grids[t] = grid_for(n);
}

// 3. Per-token regexes compiled from patterns the request stored
//    (ik_llama.cpp's check_ban_phrase), and one from a literal.
struct Slot {
  std::vector<std::string> ban_regex;
  std::string text;
};
static int check_ban(const Slot &slot) {
  for (const auto &pattern : slot.ban_regex) {
    std::regex re(pattern);
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: 're' compiles a regular expression from stored patterns on every call; compile them once when the patterns are set and keep the compiled regex next to them [reordering/precomputation] [sysopt-hoistable-computation]
    // CHECK-NOTES: :93:3: note: in this loop
    // CHECK-NOTES: :94:5: note: through this call to 'on_token'
    // CHECK-NOTES: :91:36: note: through this call to 'check_ban'
    if (std::regex_search(slot.text, re))
      return 1;
  }
  std::regex digits("[0-9]+");
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'digits' compiles the same regular expression from a literal on every call; compile it once (a static const std::regex)
  // CHECK-NOTES: :93:3: note: in this loop
  // CHECK-NOTES: :94:5: note: through this call to 'on_token'
  // CHECK-NOTES: :91:36: note: through this call to 'check_ban'
  return std::regex_search(slot.text, digits) ? 2 : 0;
}
static void on_token(Slot &slot) { check_ban(slot); }
void decode(Slot &slot, int tokens) {
  for (int t = 0; t < tokens; ++t)
    on_token(slot);
}

// 4. Descriptors created and destroyed around the one GEMM a wrapper runs
//    (FasterTransformer's cublasMMWrapper::Gemm): one finding per function.
void gemm(cublasLtHandle_t h, const float *A, const float *B, float *C, int m, int n, int k,
          cudaStream_t s) {
  cublasLtMatmulDesc_t op;
  cublasLtMatrixLayout_t Ad, Bd, Cd;
  cublasLtMatrixLayoutCreate(&Ad, 0, m, k, m);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cublasLtMatrixLayoutCreate' creates a handle that 'gemm' destroys before returning, on every call; create it once (a member or a cache keyed by its parameters) and reuse it [removal/caching] [sysopt-hoistable-computation]
  // CHECK-NOTES: :115:3: note: destroyed here
  // CHECK-NOTES: :108:3: note: 'cublasLtMatrixLayoutCreate' also creates one here
  // CHECK-NOTES: :109:3: note: 'cublasLtMatrixLayoutCreate' also creates one here
  cublasLtMatrixLayoutCreate(&Bd, 0, k, n, k);
  cublasLtMatrixLayoutCreate(&Cd, 0, m, n, m);
  cublasLtMatmulDescCreate(&op, 0, 0);
  // CHECK-NOTES: :110:3: note: 'cublasLtMatmulDescCreate' also creates one here
  float one = 1, zero = 0;
  cublasLtMatmul(h, op, &one, A, Ad, B, Bd, &zero, C, Cd, C, Cd, nullptr, nullptr, 0, s);
  // CHECK-NOTES: :113:3: note: 'gemm' runs this operation on every call
  cublasLtMatrixLayoutDestroy(Ad);
  cublasLtMatrixLayoutDestroy(Bd);
  cublasLtMatrixLayoutDestroy(Cd);
  cublasLtMatmulDescDestroy(op);
  // CHECK-MESSAGES-OPTS: :[[@LINE-16]]:3: warning: 'cublasLtMatrixLayoutCreate' creates a handle that 'gemm' destroys
}

// 5. An extension function bound to Python runs once per step.
static int bound_query() {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cudaGetDeviceProperties' asks the same question about the device on every call of 'bound_query'
  // CHECK-NOTES: :131:42: note: 'bound_query' is registered here as an entry point, called once per step from Python
  // CHECK-MESSAGES-OPTS: :[[@LINE-3]]:3: warning: 'cudaGetDeviceProperties' asks the same question about the device on every call of 'bound_query'
  return prop.major;
}
void init_module(pybind11::module_ &m) { m.def("bound_query", &bound_query); }

// 6. A function an option names as an entry point; a lambda run per element.
int serve_one() {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:3: warning: 'cudaGetDeviceProperties' asks the same question about the device on every call of 'serve_one'
  return prop.major;
}
void per_request(std::vector<int> &sizes) {
  std::for_each(sizes.begin(), sizes.end(), [](int &s) {
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, 0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cudaGetDeviceProperties' asks the same question about the device on every call of this lambda
      // CHECK-NOTES: :141:3: note: 'for_each' calls this lambda once per element
    // CHECK-MESSAGES-OPTS: :[[@LINE-3]]:5: warning: 'cudaGetDeviceProperties' asks the same question
    s = prop.major;
  });
}

// ---- Must not flag -------------------------------------------------------

// 7. A query per device: the loop passes its index.
static void describe(int dev) {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, dev);
}
void all_devices(int count) {
  for (int d = 0; d < count; ++d)
    describe(d);
}

// 8. A loop that selects a device before the helper asks.
static int sm_of_current() {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  return prop.multiProcessorCount;
}
void per_device(int count, int *sms) {
  for (int d = 0; d < count; ++d) {
    cudaSetDevice(d);
    sms[d] = sm_of_current();
  }
}

// 9. Three configurations of a benchmark: not a hot loop.
static int version() {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  return prop.major;
}
void three_modes(int *v) {
  for (int mode = 0; mode < 3; ++mode)
    v[mode] = version();
}

// 10. A regex from text built in the call, and one kept for later.
static bool matches(const std::string &word, const std::string &text) {
  std::regex re("\\b" + word + "\\b");
  return std::regex_search(text, re);
}
static std::regex *kept;
static void keep(const std::string &p) { kept = new std::regex(p); }
void words(const std::vector<std::string> &ws, const std::string &text) {
  for (const auto &w : ws) {
    matches(w, text);
    keep(w);
  }
}

// 11. A handle created per call and kept (a pool), and a function that is
//     only called once.
struct Pool {
  std::vector<cudaStream_t> streams;
  void grow() {
    cudaStream_t s;
    cudaStreamCreate(&s);
    streams.push_back(s);
  }
};
void fill(Pool &p, int n) {
  for (int i = 0; i < n; ++i)
    p.grow();
}
int main() {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  return prop.major;
}

// 12. Setup amortized over the function's own GPU work (a benchmark run
//     that loops over launches), and work a parameter decides (an option
//     parser's branch for one flag).
__global__ void bench_kernel(float *x) {}
static void bench_run(float *x, int reps) {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  cudaStream_t s;
  cudaStreamCreate(&s);
  for (int r = 0; r < reps; ++r)
    bench_kernel<<<prop.multiProcessorCount, 256, 0, s>>>(x);
  cudaStreamDestroy(s);
}
void bench_sizes(float *x, int sizes) {
  for (int i = 0; i < sizes; ++i)
    bench_run(x, 100);
}
static bool parse_flag(const std::string &arg, const std::string &next, std::vector<std::string> &out) {
  if (arg == "--split") {
    std::regex sep("[,/]+");
    out.assign(std::sregex_token_iterator(next.begin(), next.end(), sep, -1), {});
    return true;
  }
  return false;
}
void parse_args(int argc, char **argv, std::vector<std::string> &out) {
  for (int i = 1; i + 1 < argc; ++i)
    parse_flag(argv[i], argv[i + 1], out);
}

