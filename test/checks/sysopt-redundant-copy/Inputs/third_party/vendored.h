#pragma once
#include <string>
int use(const std::string &);
inline int vendored_header(const std::string &s) {
  std::string copy = s;
  return use(copy);
}
