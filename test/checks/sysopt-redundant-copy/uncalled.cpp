// By-value parameters of functions nothing in the translation unit calls:
// an API whose callers live elsewhere and, measured on MNN's expression API,
// mostly pass braced lists and temporaries. Silent by default;
// UncalledParameters reports them.
// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=ON %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.UncalledParameters: true}}" -- %stubs

#include <string>
#include <vector>

using INTS = std::vector<int>;
struct Var { std::vector<float> data; };

// 1. A public graph builder no call here reaches (no fix: other files may
//    declare it).
int reduce_sum(const Var &x, INTS axis) {
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:35: warning: parameter 'axis' of type 'INTS' is copied for every call but only read
  return static_cast<int>(x.data.size() + axis.size());
}

// 2. Called here with an lvalue: reported either way.
static int reduce_mean(const Var &x, INTS axis) {
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: parameter 'axis' of type 'INTS' is copied for every call but only read
  // CHECK-MESSAGES-ON: :[[@LINE-2]]:43: warning: parameter 'axis' of type 'INTS' is copied for every call but only read
  // CHECK-FIXES: {{^}}static int reduce_mean(const Var &x, const INTS &axis) {{[{]}}{{$}}
  // CHECK-FIXES-ON: {{^}}static int reduce_mean(const Var &x, const INTS &axis) {{[{]}}{{$}}
  return static_cast<int>(x.data.size() + axis.size());
}
int mean_all(const Var &x, const std::vector<INTS> &axes) {
  int n = 0;
  for (const INTS &a : axes)
    n += reduce_mean(x, a);
  return n;
}

// 3. Called here with braced lists only: silent either way.
static int reshape(const Var &x, INTS shape) { return static_cast<int>(x.data.size() + shape.size()); }
int flatten(const Var &x) { return reshape(x, {-1}); }
