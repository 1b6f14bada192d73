// Each option changes the verdict on the same code.
// RUN: %check_sysopt_tidy -check-suffix=DEFAULT %s sysopt-redundant-copy %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=EXPENSIVE %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.ExpensiveTypes: 'Handle'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=CHEAP %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.CheapTypes: 'Message;std::basic_string<.*>'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=ALLOWED %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.AllowedTypes: 'std::vector<.*>'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=SIZE %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.SizeThreshold: 8}}" -- %stubs

#include <string>
#include <vector>

struct Handle { Handle(const Handle &); int *p; };   // user-provided copy: unknown cost
struct Message { std::string text; };
struct Dims { int n, c, h, w; };                      // 16 bytes
// Visible and free of writes: the copies' sources cannot change behind them.
static int use(const Handle &h) { return h.p != nullptr; }
static int use(const Message &m) { return static_cast<int>(m.text.size()); }
static int use(const std::vector<int> &v) { return static_cast<int>(v.size()); }
static int use(const Dims &d) { return d.n; }

int handle(const Handle &h) {
  Handle copy = h;
  // CHECK-MESSAGES-EXPENSIVE: :[[@LINE-1]]:10: warning: 'copy' is a copy of 'h'
  return use(copy);
}

int message(const Message &m) {
  Message copy = m;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:11: warning: 'copy' is a copy of 'm'
  // CHECK-MESSAGES-EXPENSIVE: :[[@LINE-2]]:11: warning: 'copy' is a copy of 'm'
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:11: warning: 'copy' is a copy of 'm'
  // CHECK-MESSAGES-SIZE: :[[@LINE-4]]:11: warning: 'copy' is a copy of 'm'
  return use(copy);
}

int vec(const std::vector<int> &v) {
  std::vector<int> copy = v;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:20: warning: 'copy' is a copy of 'v'
  // CHECK-MESSAGES-EXPENSIVE: :[[@LINE-2]]:20: warning: 'copy' is a copy of 'v'
  // CHECK-MESSAGES-CHEAP: :[[@LINE-3]]:20: warning: 'copy' is a copy of 'v'
  // CHECK-MESSAGES-SIZE: :[[@LINE-4]]:20: warning: 'copy' is a copy of 'v'
  return use(copy);
}

int dims(const Dims &d) {
  Dims copy = d;
  // CHECK-MESSAGES-SIZE: :[[@LINE-1]]:8: warning: 'copy' is a copy of 'd'
  return use(copy);
}
// CHECK-FIXES-DEFAULT: {{^}}  const Message &copy = m;{{$}}
// CHECK-FIXES-EXPENSIVE: {{^}}  const Handle &copy = h;{{$}}
// CHECK-FIXES-ALLOWED: {{^}}  std::vector<int> copy = v;
// CHECK-FIXES-CHEAP: {{^}}  Message copy = m;
// CHECK-FIXES-SIZE: {{^}}  const Dims &copy = d;{{$}}
