#include "shared.h"
template <class T> long load(T *p, std::vector<size_t> shape) {
  return static_cast<long>(shape.size()) + (p != nullptr);
}
template <> long load(int *p, std::vector<size_t> shape) {
  return static_cast<long>(shape.size()) * 10 + (p != nullptr);
}
template long load<float>(float *, std::vector<size_t>);
