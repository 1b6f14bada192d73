#include "shared.h"
long from_b() { return total({3, 4}); }
long from_a();
int main() { return static_cast<int>(from_a() + from_b()) == 10 ? 0 : 1; }
