#include "shared.h"
#include <cstdio>
std::vector<int> g_batch = {1, 2, 3};
void refill_batch() { g_batch.assign(10, 0); }
int main() { std::printf("%zu\n", snapshot_size(g_batch)); }
