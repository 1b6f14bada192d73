// Included by both translation units: each reports the same by-value
// parameter and proposes the same edit.
#include <vector>
inline long total(std::vector<long> values) {
  long s = 0;
  for (long v : values)
    s += v;
  return s;
}
