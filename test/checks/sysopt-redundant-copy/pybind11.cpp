// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs

// Functions bound to Python. pybind11 converts each Python argument to a
// C++ value and moves it into a by-value parameter: no copy is made on the
// C++ side, and `const &` would save nothing (measured on PyTorch
// extensions: most by-value findings there were such functions).
#include <string>
#include <vector>

namespace pybind11 {
struct module_ {
  template <typename F> module_ &def(const char *, F &&) { return *this; }
};
} // namespace pybind11
int consume(const std::string &);

// 1. Bound here.
int tokenize(std::string text) { return consume(text); }
void bind(pybind11::module_ &m) { m.def("tokenize", &tokenize); }

// 2. Nothing here calls it: in a file that binds to Python, by the
//    projects' convention, it is bound in another file.
int detokenize(std::vector<int> ids) { return static_cast<int>(ids.size()); }

// 3. A caller here that passes an lvalue still copies.
static int count(std::vector<int> ids) { return static_cast<int>(ids.size()); }
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: parameter 'ids' of type 'std::vector<int>' is copied for every call but only read; pass it by const reference [removal/contextualization] [sysopt-redundant-copy]
// CHECK-FIXES: {{^}}static int count(const std::vector<int> &ids) { return static_cast<int>(ids.size()); }{{$}}
int forward(const std::vector<int> &ids) { return count(ids) + detokenize({1}); }
