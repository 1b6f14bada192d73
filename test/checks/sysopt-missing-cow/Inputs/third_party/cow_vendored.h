#include <string>
int consume(const std::string &);
inline int vendored_helper(const std::string &s, bool upper) {
  std::string copy = s;
  if (upper)
    copy += "!";
  return consume(copy);
}
