// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %cuda_stubs

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <torch/torch.h>

void train_step(int);

// 1. Device properties per batch.
int batches(int device, int n) {
  int sms = 0;
  for (int b = 0; b < n; ++b) {
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, device);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaGetDeviceProperties' asks the same question about the device on every iteration; query once before the loop and reuse the result [removal/caching] [sysopt-hoistable-computation]
    sms += prop.multiProcessorCount;
    train_step(b);
  }
  return sms;
}

// 2. An attribute and the device count, per step: cached values the
//    runtime returns in well under a microsecond (cudaDeviceGetAttribute is
//    what CUDA recommends instead of cudaGetDeviceProperties); hoisting
//    them saves nothing worth a finding.
int steps(int device) {
  int total = 0;
  for (int s = 0; s < 10; ++s) {
    int count = 0, value = 0;
    cudaGetDeviceCount(&count);
    cudaDeviceGetAttribute(&value, cudaDevAttrMultiProcessorCount, device);
    total += count * value;
  }
  return total;
}

// 3. A cuBLAS handle and a stream created and destroyed per iteration.
void gemms(int n) {
  for (int i = 0; i < n; ++i) {
    cublasHandle_t handle;
    cublasCreate(&handle);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cublasCreate_v2' creates a handle and the loop destroys it on every iteration; create it once before the loop and reuse it [removal/caching]
    cudaStream_t stream;
    cudaStreamCreate(&stream);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaStreamCreate' creates a handle and the loop destroys it
    cublasSetStream(handle, stream);
    train_step(i);
    cudaStreamDestroy(stream);
    cublasDestroy(handle);
  }
}

// 4. Constant tensors rebuilt per step, and an invariant tensor uploaded per
//    step (constant trip count: fixable).
torch::Tensor run(const torch::Tensor &x, const torch::Tensor &bias) {
  torch::Tensor acc = torch::zeros({4});
  for (int step = 0; step < 100; ++step) {
    // CHECK-MESSAGES: :[[@LINE+1]]:19: warning: 'scale' is rebuilt from the same values on every iteration; build it once before the loop [reordering/precomputation]
    torch::Tensor scale = torch::full({4}, 0.5);
    // CHECK-MESSAGES: :[[@LINE+1]]:10: warning: 'b' is rebuilt from the same values on every iteration
    auto b = bias.to(torch::kCUDA);
    // CHECK-MESSAGES: :[[@LINE+1]]:33: warning: 'ones' builds the same tensor on every iteration; build it once before the loop
    acc = acc + x * scale + b + torch::ones({4});
  }
  // CHECK-FIXES: {{^}}  torch::Tensor scale = torch::full({4}, 0.5);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto b = bias.to(torch::kCUDA);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  const auto ones_tensor = torch::ones({4});{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int step = 0; step < 100; ++step) {{[{]}}{{$}}
  // CHECK-FIXES: {{^}}    acc = acc + x * scale + b + ones_tensor;{{$}}
  return acc;
}

// 4b. Status-checking macros: their do-while(0) is not a loop, and the
//     enclosing loop sees the call through it (warning, no fix in a macro).
void abort_on(cudaError_t);
#define CUDA_CHECK(x) do { cudaError_t e_ = (x); if (e_ != cudaSuccess) abort_on(e_); } while (0)
int checked(int device, int n) {
  int t = 0;
  for (int b = 0; b < n; ++b) {
    cudaDeviceProp p;
    CUDA_CHECK(cudaGetDeviceProperties(&p, device));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaGetDeviceProperties' asks the same question
    t += p.major;
    train_step(b);
  }
  return t;
}

// ---- Must not flag -------------------------------------------------------

// 4c. No loop but the macro's do-while(0); a device loop through the macro.
void set_device(int device) {
  int cur = 0;
  CUDA_CHECK(cudaGetDevice(&cur));
  if (cur != device)
    CUDA_CHECK(cudaSetDevice(device));
}
int per_device_checked(int n) {
  int t = 0;
  for (int d = 0; d < n; ++d) {
    cudaDeviceProp p;
    CUDA_CHECK(cudaGetDeviceProperties(&p, d));
    t += p.major;
  }
  return t;
}

// 5. One device per iteration: cudaSetDevice, or the index varies.
int per_device(int n) {
  int sms = 0;
  for (int d = 0; d < n; ++d) {
    cudaSetDevice(d);
    int v = 0;
    cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, 0);
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, d);
    sms += v + prop.multiProcessorCount;
  }
  return sms;
}

// 6. Streams created per device and kept.
void make_streams(cudaStream_t *streams, int n) {
  for (int i = 0; i < n; ++i)
    cudaStreamCreate(&streams[i]);
}

// 7. Tensors written in place, stored, or random.
std::vector<torch::Tensor> fresh(const torch::Tensor &x, int n) {
  std::vector<torch::Tensor> out;
  for (int i = 0; i < n; ++i) {
    torch::Tensor acc = torch::zeros({4});
    acc.add_(x);
    torch::Tensor kept = torch::ones({4});
    out.push_back(kept);
    out.push_back(torch::randn({4}));
  }
  return out;
}

// 8. The source tensor changes in the loop.
torch::Tensor drift(torch::Tensor w, const torch::Tensor &g) {
  torch::Tensor acc = torch::zeros({4});
  for (int i = 0; i < 10; ++i) {
    w.sub_(g);
    acc = acc + w.to(torch::kCUDA);
  }
  return acc;
}

// 9. Device code.
__global__ void kernel(const char *s, int *out) {
  for (int i = 0; i < 4; ++i) out[i] = i;
}
