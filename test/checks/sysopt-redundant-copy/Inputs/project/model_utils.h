#pragma once
#include <string>
int use(const std::string &);
inline int project_header(const std::string &s) {
  std::string copy = s;
  return use(copy);
}
