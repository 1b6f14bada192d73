// Header scope of the loop checks: the project's headers by default,
// third_party/ only through UserHeaderRegex (here set for this check alone).
// RUN: %check_sysopt_tidy -no-fix -check-suffix=DEFAULT %s sysopt-hoistable-computation %t -- -- %stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=REGEX %s sysopt-hoistable-computation %t -- \
// RUN:   -config="{CheckOptions: {sysopt-hoistable-computation.UserHeaderRegex: '.*/third_party/.*'}}" -- %stubs -I %S/Inputs
// RUN: %check_sysopt_tidy -no-fix -check-suffix=SYSTEM %s sysopt-hoistable-computation %t -- -- %stubs -isystem %S/Inputs

#include "project/loops.h"
// CHECK-MESSAGES-DEFAULT-DAG: loops.h:5:26: warning: 'strlen' is called with the same arguments
#include "third_party/vendored_loops.h"
// CHECK-MESSAGES-REGEX-DAG: vendored_loops.h:5:26: warning: 'strlen' is called with the same arguments

void main_file(const char *s) {
  for (size_t i = 0; i < strlen(s); ++i)
    emit(s[i]);
  // CHECK-MESSAGES-DEFAULT-DAG: :[[@LINE-2]]:26: warning: 'strlen' is called
  // CHECK-MESSAGES-REGEX-DAG: :[[@LINE-3]]:26: warning: 'strlen' is called
  // CHECK-MESSAGES-SYSTEM-DAG: :[[@LINE-4]]:26: warning: 'strlen' is called
}
