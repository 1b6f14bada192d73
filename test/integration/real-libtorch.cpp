// The same checks on Debian's libtorch 1.13 headers. Nothing may be reported
// inside libtorch's own headers (clang-tidy's performance checks report
// at::Tensor by-value parameters there); every warning must be matched here.
// REQUIRES: libtorch
// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %torch_real

#include <torch/torch.h>
#include <string>
#include <vector>

struct Request { std::string prompt; std::vector<int64_t> ids; };

torch::Tensor embed(const Request &req, torch::Tensor table) {
  auto ids = req.ids;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'ids' is a copy of 'req.ids' that is never modified; bind a const reference instead [removal/contextualization] [sysopt-redundant-copy]
  // CHECK-FIXES: const auto &ids = req.ids;
  auto index = torch::tensor(ids, torch::kLong);
  return table.index_select(0, index);
}

torch::Tensor normalize(const torch::Tensor &x) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' is a deep copy of 'x' that is never written; use the tensor itself instead of clone() [removal/contextualization]
  // CHECK-FIXES: auto y = x;
  return (y - y.mean()) / y.std();
}

torch::Tensor bounce(const torch::Tensor &x) {
  return x.cpu().to(torch::kCUDA);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: tensor is copied to the host and straight back to a device with nothing reading the host copy; keep it on the device [removal/layering]
}

// Must not flag: tensors by value, written clones, snapshots.
torch::Tensor scale(torch::Tensor x, double s) { return x * s; }
torch::Tensor relu_copy(const torch::Tensor &x) {
  auto y = x.clone();
  y.relu_();
  return y;
}
torch::Tensor step(torch::Tensor w, const torch::Tensor &g) {
  auto before = w.clone();
  w.sub_(g, 0.1);
  return w - before;
}
