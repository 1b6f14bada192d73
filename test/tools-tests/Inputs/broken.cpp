#include <string>
#define STRANGE(x) x x
int use(const std::string &);
int f(const std::string &s) {
  std::string c = s;
  Undeclared u = c;
  STRANGE(return use(c);)
  return use(c
}
