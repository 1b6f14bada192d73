// One function with a syntax error between two clean ones: clang drops the
// broken statement, so `copy` in broken() looks never used or modified; the
// analysis must skip that function and report the other two.
#include <string>
#include <vector>
int use(const std::string &s) { return static_cast<int>(s.size()); }

int clean_before(const std::vector<std::string> &names) {
  int total = 0;
  for (const std::string &n : names) {
    std::string copy = n;
    total += use(copy);
  }
  return total;
}

int broken(const std::vector<std::string> &names) {
  int total = 0;
  for (const std::string &n : names) {
    std::string copy = n;
    total += use(copy) +;
  }
  return total;
}

int clean_after(const std::vector<std::string> &names) {
  int total = 0;
  for (const std::string &n : names) {
    std::string copy = n;
    total += use(copy);
  }
  return total;
}
