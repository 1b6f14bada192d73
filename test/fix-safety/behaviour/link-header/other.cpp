#include "shared.h"
#include <cstdio>
int main() {
  std::vector<long> v = {1, 2, 3, 4};
  std::printf("%ld\n", total(v));
}
