#include "shared.h"
size_t drain(std::vector<std::string> &names, std::vector<std::string> &other) {
  size_t n = 0;
  for (std::string name : names) {
    other.assign(3, std::string(40, 'x'));
    n += name.size();
  }
  return n;
}
