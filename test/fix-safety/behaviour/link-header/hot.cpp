#include "shared.h"
// Declared in a header every caller includes: the fix edits both.
long total(std::vector<long> values) {
  long s = 0;
  for (long v : values)
    s += v;
  return s;
}
