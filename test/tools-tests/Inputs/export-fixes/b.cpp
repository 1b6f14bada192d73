#include "shared.h"
long from_b() {
  std::vector<long> v{3, 4};
  return total(v);
}
long from_a();
int main() { return static_cast<int>(from_a() + from_b()) == 10 ? 0 : 1; }
