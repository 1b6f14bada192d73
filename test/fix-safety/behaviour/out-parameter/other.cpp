#include "shared.h"
#include <cstdio>
int main() {
  std::vector<int> v = {1, 2, 3};
  scale_into(v, v);
  std::printf("%zu", v.size());
  for (int x : v) std::printf(" %d", x);
  std::printf("\n");
}
