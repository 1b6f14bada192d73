// Findings belong to the user's code: the main file and the project's own
// headers, not third-party (third_party/, vendor/, ...) or system headers.
// The UserHeaderRegex option (global or per check) replaces the heuristic.
// No --fix here: it would edit the headers in the source tree.
// RUN: %check_sysopt_tidy -no-fix -check-suffix=DEFAULT %s sysopt-redundant-copy %t -- -- %stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=REGEX %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {UserHeaderRegex: '.*/third_party/.*'}}" -- %stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=REGEX %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.UserHeaderRegex: '.*/third_party/.*'}}" -- %stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=SYSTEM %s sysopt-redundant-copy %t -- -- %stubs -isystem %S/Inputs

#include "project/model_utils.h"
// CHECK-MESSAGES-DEFAULT-DAG: model_utils.h:5:15: warning: 'copy' is a copy of 's'
#include "third_party/vendored.h"
// CHECK-MESSAGES-REGEX-DAG: vendored.h:5:15: warning: 'copy' is a copy of 's'

int main_file(const std::string &s) {
  std::string c = s;
  // CHECK-MESSAGES-DEFAULT-DAG: :[[@LINE-1]]:15: warning: 'c' is a copy of 's'
  // CHECK-MESSAGES-REGEX-DAG: :[[@LINE-2]]:15: warning: 'c' is a copy of 's'
  // CHECK-MESSAGES-SYSTEM-DAG: :[[@LINE-3]]:15: warning: 'c' is a copy of 's'
  return use(c);
}
