#include <string>
int f(const std::string &s) {
  std::string c = s;
  return static_cast<int>(c.size());
}
