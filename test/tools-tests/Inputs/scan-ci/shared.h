#include <string>
inline int shared_size(const std::string &s) {
  std::string c = s;
  return static_cast<int>(c.size());
}
