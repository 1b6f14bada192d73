// RUN: %check_sysopt_tidy %s sysopt-host-tensor-to-device %t -- -- %stubs

#include <torch/torch.h>
#include <vector>

// 1. A mask rebuilt per decode step on the host, then copied.
torch::Tensor decode(torch::Tensor logits, int steps, int vocab) {
  for (int s = 0; s < steps; ++s) {
    torch::Tensor mask = torch::zeros({vocab}).to(torch::kCUDA);
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'zeros' builds the tensor on the host and 'to' copies it to the device on every iteration; create it on the device (the device in its TensorOptions) [removal/contextualization] [sysopt-host-tensor-to-device]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop
    // CHECK-FIXES: {{^}}    torch::Tensor mask = torch::zeros({vocab}, torch::TensorOptions().device(torch::kCUDA));{{$}}
    logits = logits + mask;
  }
  return logits;
}

// 2. `.cuda()`, and a dtype in the options.
void positions(std::vector<torch::Tensor> &out, int n, int len) {
  for (int i = 0; i < n; ++i) {
    out.push_back(at::ones({len}, at::kHalf).cuda());
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'ones' builds the tensor on the host and 'cuda' copies it
    // CHECK-FIXES: {{^}}    out.push_back(at::ones({len}, at::TensorOptions(at::kHalf).device(at::kCUDA)));{{$}}
  }
}

// 3. `.to(device)` with the model's device, and options built from a dtype.
struct Sampler {
  torch::Device device;
  torch::Tensor step(const torch::Tensor &probs, int k) {
    torch::Tensor idx = torch::arange(k).to(device);
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'arange' builds the tensor on the host and 'to' copies it to the device on every call of 'step'
    // CHECK-FIXES: {{^}}    torch::Tensor idx = torch::arange(k, torch::TensorOptions().device(device));{{$}}
    torch::Tensor fill = torch::full({k}, 1.0, torch::dtype(torch::kFloat)).to(probs.device());
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'full' builds the tensor on the host
    // CHECK-FIXES: {{^}}    torch::Tensor fill = torch::full({k}, 1.0, torch::TensorOptions(torch::dtype(torch::kFloat)).device(probs.device()));{{$}}
    return probs * idx * fill;
  }
};
void sample_all(Sampler &s, const torch::Tensor &p, int steps) {
  for (int i = 0; i < steps; ++i)
    s.step(p, 8);
}

// 4. `empty` and `eye`, with non_blocking.
void scratch(int n, int iters) {
  for (int it = 0; it < iters; ++it) {
    auto buf = torch::empty({n, n}).to(torch::kCUDA, /*non_blocking=*/true);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'empty' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto buf = torch::empty({n, n}, torch::TensorOptions().device(torch::kCUDA));{{$}}
    auto id = torch::eye(n).to(torch::Device(torch::kCUDA, 0));
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'eye' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto id = torch::eye(n, torch::TensorOptions().device(torch::Device(torch::kCUDA, 0)));{{$}}
  }
}

// 5. An extension operator (bound to Python in another file): it runs once
// per batch. Scratch counters for a scan, on the input's device.
at::Tensor exclusive_scan(const at::Tensor &in) {
  auto out = at::zeros({16}, at::kLong).to(in.device());
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'zeros' builds the tensor on the host and 'to' copies it to the device on every call of 'exclusive_scan'
  // CHECK-FIXES: {{^}}  auto out = at::zeros({16}, at::TensorOptions(at::kLong).device(in.device()));{{$}}
  return out + in;
}

// Warning only ------------------------------------------------------------

// rand/randn: the device's generator draws other numbers; linspace and a
// floating arange round differently on the device.
void noise(int n, int iters) {
  for (int it = 0; it < iters; ++it) {
    auto r = torch::randn({n}).to(torch::kCUDA);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'randn' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto r = torch::randn({n}).to(torch::kCUDA);{{$}}
    auto l = torch::linspace(0, 1, n).cuda();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'linspace' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto l = torch::linspace(0, 1, n).cuda();{{$}}
    auto a = torch::arange(0.0, 1.0, 0.1).cuda();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'arange' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto a = torch::arange(0.0, 1.0, 0.1).cuda();{{$}}
  }
}

// requires_grad: on the device the tensor becomes a leaf; a dtype change in
// `.to`; options of unknown content.
void grads(torch::TensorOptions opts, int n, int iters) {
  for (int it = 0; it < iters; ++it) {
    auto g = torch::zeros({n}, torch::requires_grad()).to(torch::kCUDA);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'zeros' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto g = torch::zeros({n}, torch::requires_grad()).to(torch::kCUDA);{{$}}
    auto h = torch::ones({n}).to(torch::Device(torch::kCUDA), torch::kHalf);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'ones' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto h = torch::ones({n}).to(torch::Device(torch::kCUDA), torch::kHalf);{{$}}
    auto o = torch::zeros({n}, opts).cuda();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'zeros' builds the tensor on the host
    // CHECK-FIXES: {{^}}    auto o = torch::zeros({n}, opts).cuda();{{$}}
  }
}

// Must not flag -----------------------------------------------------------

float host_data[16];
void negatives(const std::vector<float> &v, const torch::Tensor &like, int iters) {
  for (int it = 0; it < iters; ++it) {
    // Host data: the copy is the point.
    auto b = torch::from_blob(host_data, {16}).to(torch::kCUDA);
    auto t = torch::tensor({1.0f, 2.0f}).to(torch::kCUDA);
    // The device comes from elsewhere.
    auto z = torch::zeros_like(like).to(torch::kCUDA);
    // Used on the host before the move.
    auto h = torch::zeros({16});
    h.add_(1);
    auto d = h.to(torch::kCUDA);
    // A dtype conversion, and a move to the host.
    auto f = torch::ones({16}).to(torch::kHalf);
    auto c = torch::ones({16}).to(torch::kCPU);
    (void)b; (void)t; (void)z; (void)d; (void)f; (void)c;
  }
}

// Once, at setup; an operator named as setup code.
torch::Tensor init_weights(const torch::Tensor &like) { return torch::ones({4}).to(like.device()); }
torch::Tensor init_table(int n) { return torch::zeros({n}).to(torch::kCUDA); }
torch::Tensor once(int n) { return torch::ones({n}).cuda(); }
