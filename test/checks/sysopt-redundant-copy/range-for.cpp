// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs

#include <map>
#include <string>
#include <vector>
#include <torch/torch.h>

struct Sample { std::string text; std::vector<int> tokens; };
int consume(const std::string &);
std::vector<std::string> load_names();

// 1. Each element copied, only read. `consume` is defined elsewhere and may
//    change `names` through an alias: a warning, no fix.
int total(const std::vector<std::string> &names) {
  int n = 0;
  for (std::string name : names)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: loop variable 'name' copies each element of type 'std::string' but is only read; iterate by const reference [removal/contextualization] [sysopt-redundant-copy]
    // CHECK-FIXES: {{^}}  for (std::string name : names){{$}}
    n += consume(name);
  return n;
}

// 1b. Nothing in the body can write `names`: fixed.
size_t total_size(const std::vector<std::string> &names) {
  size_t n = 0;
  for (std::string name : names)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: loop variable 'name' copies each element
    // CHECK-FIXES: {{^}}  for (const std::string &name : names){{$}}
    n += name.size();
  return n;
}

// 2. `auto` over a vector of structs.
int tokens(const std::vector<Sample> &batch) {
  int n = 0;
  for (auto s : batch) {
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: loop variable 's' copies each element of type 'Sample'
    // CHECK-FIXES: {{^}}  for (const auto &s : batch) {{[{]}}{{$}}
    n += static_cast<int>(s.tokens.size());
  }
  return n;
}

// 3. Over a temporary container that the loop owns.
int fresh() {
  int n = 0;
  for (const std::string name : load_names())
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: loop variable 'name' copies each element
    // CHECK-FIXES: {{^}}  for (const std::string &name : load_names()){{$}}
    n += consume(name);
  return n;
}

// ---- Must not flag -------------------------------------------------------

// 4. The element is modified.
int modified(const std::vector<std::string> &names) {
  int n = 0;
  for (std::string name : names) {
    name += "!";
    n += consume(name);
  }
  return n;
}

// 5. The container changes during the loop.
int growing(std::vector<std::string> &names) {
  int n = 0;
  for (std::string name : names) {
    names[0] = "x";
    n += consume(name);
  }
  return n;
}

// 6. Tensors and cheap elements.
double sum(const std::vector<torch::Tensor> &ts, const std::vector<int> &xs) {
  double d = 0;
  for (torch::Tensor t : ts) d += t.dim();
  for (int x : xs) d += x;
  return d;
}

// 7. Elements already produced by value (map's pair is an lvalue, but
//    vector<bool> yields proxies by value).
int bits(const std::vector<bool> &flags) {
  int n = 0;
  for (auto f : flags) n += f;
  return n;
}

// 8. Already a reference.
int refs(const std::vector<std::string> &names) {
  int n = 0;
  for (const auto &name : names) n += consume(name);
  return n;
}
