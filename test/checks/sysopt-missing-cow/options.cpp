// Options: MaxSmallEdits, and the copy-cost model's ExpensiveTypes,
// CheapTypes, AllowedTypes and SizeThreshold (shared with
// sysopt-redundant-copy; see docs/checks/missing-cow.md).
// RUN: %check_sysopt_tidy -check-suffix=DEFAULT %s sysopt-missing-cow %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=EDITS %s sysopt-missing-cow %t -- \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.MaxSmallEdits: 3}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=TYPES %s sysopt-missing-cow %t -- \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.ExpensiveTypes: 'Handle', sysopt-missing-cow.CheapTypes: 'std::vector<float.*>', sysopt-missing-cow.AllowedTypes: 'std::basic_string<.*>'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=SIZE %s sysopt-missing-cow %t -- \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.SizeThreshold: 32}}" -- %stubs

#include <string>
#include <vector>

struct Config { std::string model; float t; int k; int n; };
struct Handle { int id; Handle(const Handle &o) : id(o.id) {} Handle(int i) : id(i) {} };
struct Small { float v[16]; };
int run(const Config &);
int use(const Handle &);
float sum(const std::vector<float> &);
float first(const Small &);

class Engine {
public:
  int three_edits(float t, int k, int n) const {
    Config cfg = base_;
    // CHECK-MESSAGES-EDITS: :[[@LINE-1]]:12: warning: 'cfg' copies all of the shared 'base_' on every call to change 3 small part(s)
    cfg.t = t;
    cfg.k = k;
    cfg.n = n;
    return run(cfg);
  }
private:
  Config base_;
};

int handle(const Handle &h, bool b) {
  Handle c = h;
  // CHECK-MESSAGES-TYPES: :[[@LINE-1]]:10: warning: 'c' is a deep copy of 'h'
  if (b)
    c.id = 0;
  return use(c);
}

float vec(const std::vector<float> &v, bool b) {
  std::vector<float> c = v;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:22: warning: 'c' is a deep copy of 'v'
  // CHECK-MESSAGES-EDITS: :[[@LINE-2]]:22: warning: 'c' is a deep copy of 'v'
  // CHECK-MESSAGES-SIZE: :[[@LINE-3]]:22: warning: 'c' is a deep copy of 'v'
  if (b)
    c.push_back(1.f);
  return sum(c);
}

int str(const std::string &s, bool b) {
  std::string c = s;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:15: warning: 'c' is a deep copy of 's'
  // CHECK-MESSAGES-EDITS: :[[@LINE-2]]:15: warning: 'c' is a deep copy of 's'
  // CHECK-MESSAGES-SIZE: :[[@LINE-3]]:15: warning: 'c' is a deep copy of 's'
  if (b)
    c += "x";
  return static_cast<int>(c.size());
}

float small(const Small &s, bool b) {
  Small c = s;
  // CHECK-MESSAGES-SIZE: :[[@LINE-1]]:9: warning: 'c' is a deep copy of 's'
  if (b)
    c.v[0] = 0.f;
  return first(c);
}
