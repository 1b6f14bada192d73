#include <cstddef>
#include <vector>
template <class T> long load(T *p, std::vector<size_t> shape);
