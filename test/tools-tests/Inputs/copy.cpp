#include <string>
int use(const std::string &);
int f(const std::string &s) {
  std::string c = s;
  return use(c);
}
