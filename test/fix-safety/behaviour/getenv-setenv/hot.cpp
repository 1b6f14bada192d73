#include "shared.h"
#include <cstdlib>
int count_debug_steps() {
  int hits = 0;
  for (int step = 0; step < 6; ++step) {
    reload_config(step);
    if (getenv("SYSOPT_FS_DEBUG") != nullptr)
      ++hits;
  }
  return hits;
}
