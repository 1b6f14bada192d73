// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs

#include <iostream>
#include <torch/torch.h>

void record(const torch::Tensor &);

// 1. A clone that is only read.
torch::Tensor normalize(const torch::Tensor &x, const torch::Tensor &mean) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' is a deep copy of 'x' that is never written; use the tensor itself instead of clone() [removal/contextualization] [sysopt-redundant-copy]
  // CHECK-FIXES: auto y = x;
  return (y - mean) / 2.0;
}

// 2. Read through out-of-place ops, views that are only read, and printing.
double report(torch::Tensor logits) {
  torch::Tensor copy = logits.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'copy' is a deep copy of 'logits'
  // CHECK-FIXES: torch::Tensor copy = logits;
  std::cout << copy.mean() << copy.select(0, 1).sum();
  auto scores = torch::softmax(copy, -1).matmul(copy.t());
  return static_cast<double>(scores.dim() + copy.size(0));
}

// ---- Must not flag -------------------------------------------------------

// 3. The clone is written in place.
torch::Tensor scaled(const torch::Tensor &x) {
  auto y = x.clone();
  y.mul_(2.0);
  return y;
}

// 4. Written through an indexed view, an out= function, or data_ptr.
void writes(const torch::Tensor &x, const torch::Tensor &b) {
  auto y1 = x.clone();
  y1[0] = 1;
  auto y2 = x.clone();
  at::add_out(y2, x, b);
  auto y3 = x.clone();
  float *p = y3.data_ptr<float>();
  p[0] = 0;
}

// 5. A view of the clone is kept and written later.
void view_written(const torch::Tensor &x) {
  auto y = x.clone();
  auto row = y.select(0, 0);
  row.zero_();
}

// 6. The original is written while the clone is read (snapshot).
double snapshot(torch::Tensor x) {
  auto before = x.clone();
  x.add_(1.0);
  return static_cast<double>((x - before).dim());
}

// 7. Another tensor that may share storage with the original is written.
double aliased(torch::Tensor base) {
  auto row = base.select(0, 0);
  auto saved = row.clone();
  base.zero_();
  return static_cast<double>(saved.sum().dim());
}

// 8. The clone is handed to code we cannot see, or returned.
void escapes(const torch::Tensor &x) {
  auto y = x.clone();
  record(y);
}
torch::Tensor returned(const torch::Tensor &x) {
  auto y = x.clone();
  return y;
}

// 9. clone(memory_format) changes the layout.
torch::Tensor layout(const torch::Tensor &x) {
  auto y = x.clone(at::MemoryFormat::Contiguous);
  return y + 1;
}
