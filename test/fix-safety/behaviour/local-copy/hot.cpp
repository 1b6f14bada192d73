#include "shared.h"
size_t snapshot_size(const std::vector<int> &src) {
  std::vector<int> copy = src;
  refill_batch();
  return copy.size();
}
