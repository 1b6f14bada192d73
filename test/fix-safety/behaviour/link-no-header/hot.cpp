#include <vector>
// External linkage, declared by the caller's own file: a fix here alone
// would leave other.cpp calling total(std::vector<long>), which no longer
// exists.
long total(std::vector<long> values) {
  long s = 0;
  for (long v : values)
    s += v;
  return s;
}
