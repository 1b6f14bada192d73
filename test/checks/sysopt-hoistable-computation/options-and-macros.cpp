// RUN: %check_sysopt_tidy -check-suffix=DEFAULT %s sysopt-hoistable-computation %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=LISTED %s sysopt-hoistable-computation %t -- \
// RUN:   -config="{CheckOptions: {sysopt-hoistable-computation.ExpensiveFunctions: 'tok::build_vocab;lookup_.*'}}" -- %stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-hoistable-computation' \
// RUN:   -config="{CheckOptions: {sysopt-hoistable-computation.ExpensiveFunctions: '(('}}" -- %stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=INVALID %s
// INVALID: sysopt-hoistable-computation: ExpensiveFunctions: invalid regex '((':

#include <cstring>

namespace tok { int build_vocab(const char *path); }
int lookup_table(int n);
void emit(char);

// User-listed functions are reported even when the compiler could hoist
// them (the user says they are expensive); the loop runs once: fixable.
int load(const char *path) {
  int total = 0;
  for (int epoch = 0; epoch < 3; ++epoch)
    total += tok::build_vocab(path) + lookup_table(4);
  // CHECK-MESSAGES-LISTED: :[[@LINE-1]]:14: warning: 'build_vocab' is called with the same arguments on every iteration; compute it once before the loop [reordering/precomputation]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:39: warning: 'lookup_table' is called with the same arguments
  // CHECK-FIXES-LISTED: {{^}}  const auto build_vocab_result = tok::build_vocab(path);{{$}}
  // CHECK-FIXES-LISTED-NEXT: {{^}}  const auto lookup_table_result = lookup_table(4);{{$}}
  // CHECK-FIXES-LISTED-NEXT: {{^}}  for (int epoch = 0; epoch < 3; ++epoch){{$}}
  // CHECK-FIXES-LISTED-NEXT: {{^}}    total += build_vocab_result + lookup_table_result;{{$}}
  return total;
}

// In macros: a warning at the expansion, no fix.
#define EACH_CHAR(s, i) for (size_t i = 0; i < strlen(s); ++i)
#define LEN(s) strlen(s)
void in_macros(const char *s) {
  EACH_CHAR(s, i)
    emit(s[i]);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: warning: 'strlen' is called with the same arguments
  // CHECK-MESSAGES-LISTED: :[[@LINE-3]]:3: warning: 'strlen' is called with the same arguments
  for (size_t i = 0; i < LEN(s); ++i)
    emit(s[i]);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:26: warning: 'strlen' is called with the same arguments
  // CHECK-MESSAGES-LISTED: :[[@LINE-3]]:26: warning: 'strlen' is called with the same arguments
}
// CHECK-FIXES-DEFAULT: {{^}}  EACH_CHAR(s, i){{$}}
// CHECK-FIXES-DEFAULT: {{^}}  for (size_t i = 0; i < LEN(s); ++i){{$}}
