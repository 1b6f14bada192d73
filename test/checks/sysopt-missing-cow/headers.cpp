// Findings stay in the user's code (main file and project headers); the
// UserHeaderRegex option replaces the heuristic; system headers never.
// RUN: %check_sysopt_tidy -no-fix -check-suffix=DEFAULT %s sysopt-missing-cow %t -- -- %stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=REGEX %s sysopt-missing-cow %t -- \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.UserHeaderRegex: '.*/third_party/.*'}}" -- %stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=SYSTEM %s sysopt-missing-cow %t -- -- %stubs -isystem %S/Inputs

#include "project/cow_utils.h"
// CHECK-MESSAGES-DEFAULT-DAG: cow_utils.h:4:15: warning: 'copy' is a deep copy of 's'
#include "third_party/cow_vendored.h"
// CHECK-MESSAGES-REGEX-DAG: cow_vendored.h:4:15: warning: 'copy' is a deep copy of 's'

int main_file(const std::string &s, bool b) {
  std::string c = s;
  // CHECK-MESSAGES-DEFAULT-DAG: :[[@LINE-1]]:15: warning: 'c' is a deep copy of 's'
  // CHECK-MESSAGES-REGEX-DAG: :[[@LINE-2]]:15: warning: 'c' is a deep copy of 's'
  // CHECK-MESSAGES-SYSTEM-DAG: :[[@LINE-3]]:15: warning: 'c' is a deep copy of 's'
  if (b)
    c += "?";
  return consume(c);
}
