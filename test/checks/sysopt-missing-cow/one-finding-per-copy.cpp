// sysopt-redundant-copy and sysopt-missing-cow together: each copy gets at
// most one finding (never written: redundant-copy; written on some paths
// only: missing-cow; written on every path: neither).
// RUN: %check_sysopt_tidy %s sysopt-redundant-copy,sysopt-missing-cow %t -- -- %stubs

#include <string>
#include <vector>
#include <torch/torch.h>

int consume(const std::string &);

int never(const std::string &s) {
  std::string c = s;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'c' is a copy of 's' that is never modified; bind a const reference instead [removal/contextualization] [sysopt-redundant-copy]
  // No fix: `consume`, defined elsewhere, may change `s` through an alias.
  // CHECK-FIXES: {{^}}  std::string c = s;{{$}}
  return consume(c);
}

int sometimes(const std::string &s, bool b) {
  std::string c = s;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'c' is a deep copy of 's' that is written only on some paths; copy it on the path that writes it (copy-on-write) [reordering/deferral] [sysopt-missing-cow]
  if (b)
    c += "!";
  return consume(c);
}

int always(const std::string &s) {
  std::string c = s;
  c += "!";
  return consume(c);
}

torch::Tensor clone_never(const torch::Tensor &x) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' is a deep copy of 'x' that is never written; use the tensor itself instead of clone() [removal/contextualization] [sysopt-redundant-copy]
  // CHECK-FIXES: {{^}}  auto y = x;{{$}}
  return y.sum();
}

torch::Tensor clone_sometimes(const torch::Tensor &x, bool b) {
  auto y = x.clone();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' clones 'x' up front but writes it only on some paths; apply the out-of-place op on the path that needs it and use 'x' itself elsewhere [reordering/deferral] [sysopt-missing-cow]
  // CHECK-FIXES: {{^}}  auto y = (b) ? x.mul(2.0) : x;{{$}}
  if (b)
    y.mul_(2.0);
  return y.sum();
}
