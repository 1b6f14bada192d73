// In macros: a warning at the expansion, and no fix.
// RUN: %check_sysopt_tidy %s sysopt-missing-cow %t -- -- %stubs

#include <string>
int consume(const std::string &);

#define COPY_OF(name, src) std::string name = src

int in_macro(const std::string &s, bool b) {
  COPY_OF(c, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'c' is a deep copy of 's'
  if (b) {
    c += "!";
    return consume(c);
  }
  return consume(s);
}
// CHECK-FIXES: {{^}}  COPY_OF(c, s);{{$}}
// CHECK-FIXES: {{^}}    c += "!";{{$}}
