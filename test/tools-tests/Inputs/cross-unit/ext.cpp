#include <cuda_runtime.h>
#include "steps.h"

namespace pybind11 {
struct module_ {
  template <typename F> module_ &def(const char *, F &&) { return *this; }
};
} // namespace pybind11

void bind(pybind11::module_ &m) { m.def("forward", &forward_op); }

template <typename T> void TypedRunner<T>::run(int n) {
  T *scratch;
  cudaMalloc(&scratch, n * sizeof(T));
  cudaFree(scratch);
}
Runner *make_runner() { return new TypedRunner<float>(); }
