#include "shared.h"
#include <cstdio>
int main() {
  std::vector<std::string> v = {"a", "bb", "ccc"};
  std::printf("%zu\n", drain(v, v));
}
