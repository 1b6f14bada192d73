// sysopt-missing-cow on Debian's libtorch 1.13 headers: the clone cases with
// the real at::Tensor (in-place ops are const members there), a per-request
// configuration, and nothing reported inside libtorch's own headers.
// REQUIRES: libtorch
// RUN: %check_sysopt_tidy %s sysopt-missing-cow %t -- -- %torch_real

#include <torch/torch.h>
#include <string>
#include <vector>

torch::Tensor temperature(const torch::Tensor &logits, bool scale, double t) {
  auto y = logits.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' clones 'logits' up front but writes it only on some paths; apply the out-of-place op on the path that needs it and use 'logits' itself elsewhere [reordering/deferral] [sysopt-missing-cow]
  // CHECK-FIXES: auto y = (scale) ? logits.div(t) : logits;
  if (scale)
    y.div_(t);
  return torch::softmax(y, -1);
}

torch::Tensor always_scaled(const torch::Tensor &logits, double t) {
  auto y = logits.clone();
  y.div_(t);
  return y;
}

struct SamplingConfig {
  std::vector<std::string> stop_words;
  std::vector<float> logit_bias;
  float temperature;
};
float sample(const torch::Tensor &logits, const SamplingConfig &cfg);

float serve(const torch::Tensor &logits, const SamplingConfig &base, bool greedy) {
  SamplingConfig cfg = base;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  if (greedy) {
    cfg.temperature = 0.f;
    return sample(logits, cfg);
  }
  return sample(logits, base);
}
// CHECK-FIXES: {{^}}  if (greedy) {
// CHECK-FIXES-NEXT: {{^}}    SamplingConfig cfg = base;
