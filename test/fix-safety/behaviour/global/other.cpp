#include "shared.h"
#include <cstdio>
std::vector<int> g_ids = {1, 2, 3};
int main() { std::printf("%d\n", sum_after_log(g_ids)); }
