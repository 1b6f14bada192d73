#include "shared.h"
// `in` by value; `out` may be the same vector (scale_into(v, v)).
void scale_into(std::vector<int> in, std::vector<int> &out) {
  out.clear();
  for (int x : in)
    out.push_back(2 * x);
}
