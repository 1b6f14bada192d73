// sysopt-hoistable-computation on Debian's libtorch 1.13 headers.
// REQUIRES: libtorch
// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %torch_real

#include <torch/torch.h>
#include <vector>

torch::Tensor run(const torch::Tensor &x, const torch::Tensor &bias) {
  torch::Tensor acc = torch::zeros({4});
  for (int step = 0; step < 100; ++step) {
    // CHECK-MESSAGES: :[[@LINE+1]]:19: warning: 'scale' is rebuilt from the same values on every iteration; build it once before the loop [reordering/precomputation] [sysopt-hoistable-computation]
    torch::Tensor scale = torch::full({4}, 0.5);
    // CHECK-MESSAGES: :[[@LINE+1]]:29: warning: 'ones' builds the same tensor on every iteration; build it once before the loop
    acc = acc + x * scale + torch::ones({4}) + bias.to(torch::kCUDA);
    // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: 'bias' is copied to the device on every iteration although it does not change; copy it once before the loop
  }
  // CHECK-FIXES: {{^}}  torch::Tensor scale = torch::full({4}, 0.5);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  const auto ones_tensor = torch::ones({4});{{$}}
  // CHECK-FIXES-NEXT: {{^}}  const auto bias_to = bias.to(torch::kCUDA);{{$}}
  // CHECK-FIXES: {{^}}    acc = acc + x * scale + ones_tensor + bias_to;{{$}}
  return acc;
}

// Must not flag: tensors written in place or kept, random ones, a source that changes.
std::vector<torch::Tensor> fresh(torch::Tensor w, const torch::Tensor &g, int n) {
  std::vector<torch::Tensor> out;
  for (int i = 0; i < n; ++i) {
    torch::Tensor acc = torch::zeros({4});
    acc.add_(g);
    out.push_back(torch::ones({4}));
    out.push_back(torch::randn({4}));
    w.sub_(g);
    out.push_back(w.to(torch::kCUDA));
  }
  return out;
}
