#include "shared.h"
long from_a() {
  std::vector<long> v{1, 2};
  return total(v);
}
