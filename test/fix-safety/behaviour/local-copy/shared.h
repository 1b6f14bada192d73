#include <cstddef>
#include <vector>
extern std::vector<int> g_batch;
void refill_batch(); // writes g_batch
size_t snapshot_size(const std::vector<int> &src);
