// In macros: a warning at the expansion, and no fix.
// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs

#include <string>
int use(const std::string &);

#define COPY_OF(name, src) std::string name = src
#define DECLARE_STRING std::string
#define MAKE_COPY std::string m = s

int in_macros(const std::string &s) {
  COPY_OF(a, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'a' is a copy of 's'
  DECLARE_STRING b = s;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'b' is a copy of 's'
  MAKE_COPY;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' is a copy of 's'
  return use(a) + use(b) + use(m);
}
// CHECK-FIXES: {{^}}  COPY_OF(a, s);{{$}}
// CHECK-FIXES: {{^}}  DECLARE_STRING b = s;{{$}}
// CHECK-FIXES: {{^}}  MAKE_COPY;{{$}}
