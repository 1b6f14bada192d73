// RUN: %check_sysopt_tidy -check-suffix=TRACE %s sysopt-hoistable-computation %t -- -- %stubs -DTRACE_UPLOADS
// RUN: %check_sysopt_tidy -check-suffix=PLAIN %s sysopt-hoistable-computation %t -- -- %stubs
// Hoisting out of a preprocessor block changes what is compiled when the
// macro is not defined: no fix across a directive.

#include <cstring>
#include <string>

void emit(char c);

// The expression sits in an #ifdef block inside the loop: hoisting it
//    would take it out of the block.
void traced(std::string s) {
  for (int i = 0; i < 8; ++i) {
#ifdef TRACE_UPLOADS
    emit(s[strlen(s.c_str()) - 1]);
    // CHECK-MESSAGES-TRACE: :[[@LINE-1]]:12: warning: 'strlen' is called with the same arguments
#endif
    emit(s[i]);
  }
  // CHECK-FIXES-TRACE: {{^}}    emit(s[strlen(s.c_str()) - 1]);{{$}}
}

// Without the macro the block is not compiled: nothing to report.
// CHECK-FIXES-PLAIN: {{^}}#ifdef TRACE_UPLOADS{{$}}
