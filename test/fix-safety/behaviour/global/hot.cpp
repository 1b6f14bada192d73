#include "shared.h"
int sum_after_log(std::vector<int> in) {
  g_ids.push_back(100);
  int s = 0;
  for (int x : in)
    s += x;
  return s;
}
