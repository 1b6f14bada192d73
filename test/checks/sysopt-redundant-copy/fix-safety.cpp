// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.UncalledParameters: true}}" -- %stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-redundant-copy' --quiet \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.UncalledParameters: true}}" -- %stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=NOTE %s
// A const reference shares the object the copy kept apart: the fix needs
// proof that nothing in the reference's live range can write that object
// through another name. Declarations that cannot become references get no
// fix either.

#include <map>
#include <string>
#include <vector>

struct Request { std::string prompt; std::vector<int> ids; };
Request make_request();
void consume(const std::string &);
void consume_ids(const std::vector<int> &);
std::vector<int> g_ids;

// ---- Declarations a `const &` cannot be added to -------------------------

#define IDS_TYPE std::vector<int>
static size_t decl_forms() {
  Request r = make_request();
  decltype(auto) p = r.prompt;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'p' is a copy of 'r.prompt' that is never modified; bind a const reference instead [removal/contextualization] [sysopt-redundant-copy]
  // CHECK-FIXES: {{^}}  decltype(auto) p = r.prompt;{{$}}
  auto [prompt, ids] = r;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: '[prompt, ids]' is a copy of 'r'
  // CHECK-FIXES: {{^}}  auto [prompt, ids] = r;{{$}}
  std::vector v = r.ids;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'v' is a copy of 'r.ids'
  // CHECK-FIXES: {{^}}  std::vector v = r.ids;{{$}}
  IDS_TYPE w = r.ids;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'w' is a copy of 'r.ids'
  // CHECK-FIXES: {{^}}  IDS_TYPE w = r.ids;{{$}}
  const auto q = r.prompt;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'q' is a copy of 'r.prompt'
  // CHECK-FIXES: {{^}}  const auto &q = r.prompt;{{$}}
  return p.size() + prompt.size() + ids.size() + v.size() + w.size() + q.size();
}

// The type of the copy is observed: `decltype(c)` and `decltype(auto)`
// would become const references, and their writes would not compile.
static size_t observed(const Request &r) {
  std::string c = r.prompt;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'c' is a copy of 'r.prompt'
  // CHECK-FIXES: {{^}}  std::string c = r.prompt;{{$}}
  decltype(c) d = c;
  d += "x";
  return d.size();
}
static size_t observed_auto(const Request &r) {
  std::string c = r.prompt;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'c' is a copy of 'r.prompt'
  // CHECK-FIXES: {{^}}  std::string c = r.prompt;{{$}}
  decltype(auto) d = c;
  d += "x";
  return d.size();
}
static size_t observed_param(std::vector<int> v) {
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: parameter 'v' of type 'std::vector<int>' is copied
  // CHECK-FIXES: {{^}}static size_t observed_param(std::vector<int> v) {{[{]}}{{$}}
  auto grow = [](decltype(v) w) { w.push_back(1); return w.size(); };
  return grow(v);
}

// ---- By-value parameters whose function may write the argument -----------

// An out-parameter of the same type: `scale_into(v, v)` clears the input.
static void scale_into(std::vector<int> in, std::vector<int> &out) {
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: parameter 'in' of type 'std::vector<int>' is copied for every call but only read
  // CHECK-FIXES: {{^}}static void scale_into(std::vector<int> in, std::vector<int> &out) {{[{]}}{{$}}
  out.clear();
  // NOTE: :[[@LINE-1]]:3: note: no fix: the write through 'out' may modify 'in'
  for (int x : in)
    out.push_back(2 * x);
}

// A global of the same type.
static int sum_after_log(std::vector<int> in) {
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: parameter 'in' of type 'std::vector<int>' is copied
  // CHECK-FIXES: {{^}}static int sum_after_log(std::vector<int> in) {{[{]}}{{$}}
  g_ids.push_back(1);
  // NOTE: :[[@LINE-1]]:3: note: no fix: the write through 'g_ids' may modify 'in'
  int s = 0;
  for (int x : in)
    s += x;
  return s;
}

// A member of `*this` (the argument may be `model.items_`).
struct Model {
  std::vector<int> items_;
  int reset_and_sum(std::vector<int> in) {
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: parameter 'in' of type 'std::vector<int>' is copied
    // CHECK-FIXES: {{^}}  int reset_and_sum(std::vector<int> in) {{[{]}}{{$}}
    items_.clear();
    // NOTE: :[[@LINE-1]]:5: note: no fix: the write through 'items_' may modify 'in'
    int s = 0;
    for (int x : in)
      s += x;
    return s;
  }
};

// An object reachable from another reference parameter.
struct Batch { std::vector<int> ids; };
static size_t refill(std::vector<int> in, Batch &batch) {
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'in' of type 'std::vector<int>' is copied
  // CHECK-FIXES: {{^}}static size_t refill(std::vector<int> in, Batch &batch) {{[{]}}{{$}}
  batch.ids.assign(3, 0);
  // NOTE: :[[@LINE-1]]:3: note: no fix: the write through 'batch' may modify 'in'
  return in.size();
}

// A call to a function defined elsewhere.
static size_t logged(std::vector<int> in) {
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'in' of type 'std::vector<int>' is copied
  // CHECK-FIXES: {{^}}static size_t logged(std::vector<int> in) {{[{]}}{{$}}
  consume_ids(g_ids);
  // NOTE: :[[@LINE-1]]:3: note: no fix: 'consume_ids' may modify 'in'
  return in.size();
}

// Writes of types that cannot be part of a `std::vector<int>` cannot change
// the argument: fixed. (An `int *` could point at one of its elements.)
static size_t count_into(std::vector<int> in, std::string &log, double *total) {
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: parameter 'in' of type 'std::vector<int>' is copied
  // CHECK-FIXES: {{^}}static size_t count_into(const std::vector<int> &in, std::string &log, double *total) {{[{]}}{{$}}
  log += "counted";
  *total += 1;
  return in.size();
}

// ---- Range-for and local copies -------------------------------------------

// The body writes the container through another reference.
static size_t drain(std::vector<std::string> &names, std::vector<std::string> &other) {
  size_t n = 0;
  for (std::string name : names) {
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: loop variable 'name' copies each element
    // CHECK-FIXES: {{^}}  for (std::string name : names) {{[{]}}{{$}}
    other.clear();
    // NOTE: :[[@LINE-1]]:5: note: no fix: the write through 'other' may modify 'names'
    n += name.size();
  }
  return n;
}

// A local copy alive across a write through an out-parameter.
static size_t snapshot(const std::vector<int> &src, std::vector<int> &dst) {
  std::vector<int> copy = src;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'copy' is a copy of 'src' that is never modified
  // CHECK-FIXES: {{^}}  std::vector<int> copy = src;{{$}}
  dst.push_back(1);
  // NOTE: :[[@LINE-1]]:3: note: no fix: the write through 'dst' may modify 'src'
  return copy.size();
}

// ... but a write after the copy's last use does not matter.
static size_t snapshot_then_write(const std::vector<int> &src, std::vector<int> &dst) {
  std::vector<int> copy = src;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'copy' is a copy of 'src' that is never modified
  // CHECK-FIXES: {{^}}  const std::vector<int> &copy = src;{{$}}
  size_t n = copy.size();
  dst.push_back(1);
  return n;
}

// ---- Signatures other files depend on ------------------------------------

// External linkage and no declaration in a header: another file may call
// it through its own declaration of the old signature.
size_t exported(std::vector<int> in) { return in.size(); }
// CHECK-MESSAGES: :[[@LINE-1]]:34: warning: parameter 'in' of type 'std::vector<int>' is copied
// CHECK-FIXES: {{^}}size_t exported(std::vector<int> in) { return in.size(); }{{$}}
// NOTE: :[[@LINE-3]]:8: note: no fix: 'exported' has external linkage and no declaration in a header of this translation unit

// An explicit specialization: the primary template and its instantiations
// keep the signature.
template <class T> static size_t rank(T *, std::vector<size_t> shape) { return shape.size(); }
template <> size_t rank(int *, std::vector<size_t> shape) { return shape.size() + 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:52: warning: parameter 'shape' of type 'std::vector<size_t>' is copied
// CHECK-FIXES: {{^}}template <> size_t rank(int *, std::vector<size_t> shape) { return shape.size() + 1; }{{$}}
// NOTE: :[[@LINE-3]]:20: note: no fix: 'rank<int>' is a template with explicit specializations or instantiations
size_t use_rank(int *p, const std::vector<size_t> &s) { return rank(p, s); }
