// RUN: %check_sysopt_tidy %s sysopt-missing-cow %t -- -- %stubs

#include <torch/torch.h>

// Reads go through libtorch ops: a tensor handed to an unknown function
// may be written in place (libtorch's in-place ops are const).


// 1. clone, then one in-place op under a condition: the out-of-place op on
//    that path, the tensor itself on the other.
torch::Tensor temperature(const torch::Tensor &logits, bool scale, double t) {
  auto y = logits.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' clones 'logits' up front but writes it only on some paths; apply the out-of-place op on the path that needs it and use 'logits' itself elsewhere [reordering/deferral] [sysopt-missing-cow]
  // CHECK-FIXES: {{^}}  auto y = (scale) ? logits.mul(1.0 / t) : logits;{{$}}
  // CHECK-FIXES-NOT: y.mul_
  // CHECK-FIXES: {{^}}  return y.sum();{{$}}
  if (scale)
    y.mul_(1.0 / t);
  return y.sum();
}

// 2. The same with braces and a unary op.
torch::Tensor activate(torch::Tensor x, bool relu) {
  torch::Tensor h = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'h' clones 'x' up front
  // CHECK-FIXES: {{^}}  torch::Tensor h = (relu) ? x.relu() : x;{{$}}
  // CHECK-FIXES-NOT: h.relu_
  if (relu) {
    h.relu_();
  }
  return h.sum();
}

// 3. Two in-place ops on the path: a warning, no fix.
torch::Tensor two_ops(const torch::Tensor &x, bool norm) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' clones 'x' up front but writes it only on some paths
  // CHECK-FIXES: {{^}}  auto y = x.clone();{{$}}
  if (norm) {
    y.sub_(1.0);
    y.div_(2.0);
  }
  return y.sum();
}

// 4. An op without an out-of-place twin (zero_): a warning, no fix.
torch::Tensor zeroed(const torch::Tensor &x, bool drop) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' clones 'x' up front
  // CHECK-FIXES: {{^}}  auto y = x.clone();{{$}}
  if (drop)
    y.zero_();
  return y.sum();
}

// 5. Something else runs between the clone and the if: a warning, no fix.
torch::Tensor in_between(const torch::Tensor &x, bool scale) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' clones 'x' up front
  // CHECK-FIXES: {{^}}  auto y = x.clone();{{$}}
  torch::Tensor before = y.sum();
  if (scale)
    y.mul_(2.0);
  return before + y.sum();
}

// 6. The condition reads the clone: a warning, no fix (the condition would
//    have to read the original instead).
torch::Tensor cond_reads(const torch::Tensor &x) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' clones 'x' up front
  // CHECK-FIXES: {{^}}  auto y = x.clone();{{$}}
  if (y.dim() > 0)
    y.mul_(2.0);
  return y.sum();
}

// ---- must not flag ----

// 7. Written on every path.
torch::Tensor always(const torch::Tensor &x) {
  auto y = x.clone();
  y.mul_(2.0);
  return y;
}

// 8. Written on both branches.
torch::Tensor both(const torch::Tensor &x, bool c) {
  auto y = x.clone();
  if (c)
    y.mul_(2.0);
  else
    y.add_(1.0);
  return y.sum();
}

// 9. Returned: with the fix the caller would get an alias of x.
torch::Tensor returned(const torch::Tensor &x, bool c) {
  auto y = x.clone();
  if (c)
    y.mul_(2.0);
  return y;
}

// 10. The original is written while the clone lives (snapshot).
torch::Tensor snapshot(torch::Tensor x, bool c) {
  auto before = x.clone();
  x.add_(1.0);
  if (c)
    before.mul_(2.0);
  return before.sum() + x.sum();
}

// 11. Never written: sysopt-redundant-copy's finding.
torch::Tensor read_only(const torch::Tensor &x) {
  auto y = x.clone();
  return y.sum();
}

