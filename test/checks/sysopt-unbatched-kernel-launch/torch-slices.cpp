// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %stubs

#include <torch/torch.h>
#include <vector>

// 1. A matmul per slice: one bmm/matmul over the batch.
torch::Tensor per_sample(const torch::Tensor &x, const torch::Tensor &w, int batch) {
  std::vector<torch::Tensor> out;
  for (int i = 0; i < batch; ++i)
    out.push_back(torch::matmul(x[i], w));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'matmul' is applied to one slice of 'x' per iteration; apply it to the whole tensor at once (torch::bmm / torch::matmul on the batched tensor) [reordering/batching] [sysopt-unbatched-kernel-launch]
  return torch::stack(out);
}

// 2. An elementwise op on x.select(0, i).
void per_row(const torch::Tensor &x, torch::Tensor &y, int64_t rows) {
  for (int64_t r = 0; r < rows; ++r)
    y[r] = x.select(0, r).relu();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'relu' is applied to one slice of 'x' per iteration; apply it to the whole tensor at once (the op broadcasts over the leading dimension)
}

// ---- Must not flag -------------------------------------------------------

// 3. A recurrence: the sliced tensor is written in the loop.
void scan(torch::Tensor h, int steps) {
  for (int t = 1; t < steps; ++t)
    h[t] = h[t - 1].relu() + 1;
}

// 4. Views only (no op), and a small constant trip count.
void views(const torch::Tensor &x, std::vector<torch::Tensor> &out) {
  for (int i = 0; i < 8; ++i)
    out.push_back(x[i]);
  for (int i = 0; i < 2; ++i)
    out.push_back(x[i].relu());
}
