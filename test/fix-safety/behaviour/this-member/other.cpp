#include "shared.h"
#include <cstdio>
int main() { Model m; std::printf("%d\n", m.reset_and_sum(m.items_)); }
