// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %stubs -I %S/Inputs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-hoistable-computation' --quiet -- %stubs -I %S/Inputs 2>&1 \
// RUN:   | FileCheck --check-prefix=NOTE %s
// Fixes that must keep behaviour: fresh names against every name in the
// translation unit, no hoist across a call that may write what the hoisted
// expression reads, no move across a directive or after a pragma.

#include <cstdlib>
#include <cstring>
#include <string>
#include "members/emitter.h"

void emit(char c);
int process(const char *token);
void reload_config(); // defined elsewhere: may call setenv

// 1. A member of the class (declared in a header) has the name `s_len`:
//    the hoisted value gets another one, and the body keeps adding the
//    member.
struct Emitter : EmitterBase {
  void print(std::string s) {
    for (size_t i = 0; i < strlen(s.c_str()); ++i)
      // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'strlen' is called with the same arguments on every iteration; compute it once before the loop [reordering/precomputation] [sysopt-hoistable-computation]
      emit(s[i] + s_len);
    // CHECK-FIXES: {{^}}    const auto s_len2 = strlen(s.c_str());{{$}}
    // CHECK-FIXES-NEXT: {{^}}    for (size_t i = 0; i < s_len2; ++i){{$}}
    // CHECK-FIXES: {{^}}      emit(s[i] + s_len);{{$}}
  }
};

// 2. A macro of that name, defined anywhere: not taken either.
#define name_len 7
void macro_name(std::string name) {
  for (size_t i = 0; i < strlen(name.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(name[i]);
  // CHECK-FIXES: {{^}}  const auto name_len2 = strlen(name.c_str());{{$}}
}

// 3. Two loops of one function: two names, no redefinition.
void two_loops(std::string key) {
  for (size_t i = 0; i < strlen(key.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(key[i]);
  for (size_t i = 0; i < strlen(key.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(key[i]);
  // CHECK-FIXES: {{^}}  const auto key_len = strlen(key.c_str());{{$}}
  // CHECK-FIXES: {{^}}  const auto key_len2 = strlen(key.c_str());{{$}}
}
// ... and another function may use the first name again.
void other_function(std::string key) {
  for (size_t i = 0; i < strlen(key.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(key[i]);
  // CHECK-FIXES: {{^}}  const auto key_len = strlen(key.c_str());{{$}}
}

// 4. A global and a lambda's capture of that name.
int path_len = 0;
void global_name(std::string path) {
  for (size_t i = 0; i < strlen(path.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(path[i] + path_len);
  // CHECK-FIXES: {{^}}  const auto path_len2 = strlen(path.c_str());{{$}}
}

// ---- Warnings without a fix --------------------------------------------

// 5. The loop calls a function defined elsewhere, which may write the
//    string through an alias (a global pointing at it).
void opaque_writer(const char *s) {
  for (size_t i = 0; i < strlen(s); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(s[i]);
  // NOTE: :[[@LINE-1]]:5: note: no fix: 'emit' may modify the data 's' points to
  // CHECK-FIXES: {{^}}  for (size_t i = 0; i < strlen(s); ++i){{$}}
}

// 6. getenv, with a call that may set the environment.
int env_reader() {
  int hits = 0;
  for (int step = 0; step < 10; ++step) {
    reload_config();
    // NOTE: :[[@LINE-1]]:5: note: no fix: 'reload_config' may change the environment
    if (getenv("SYSOPT_MODE") != nullptr)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'getenv' is called with the same arguments
      ++hits;
  }
  // CHECK-FIXES: {{^}}    if (getenv("SYSOPT_MODE") != nullptr){{$}}
  return hits;
}

// 7. A string reached through a reference: a call may write it.
void through_reference(const std::string &text, int *out) {
  for (size_t i = 0; i < strlen(text.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    out[i] = process(text.c_str());
  // NOTE: :[[@LINE-1]]:14: note: no fix: 'process' may modify 'text'
  // CHECK-FIXES: {{^}}  for (size_t i = 0; i < strlen(text.c_str()); ++i){{$}}
}

// 8. A local string whose address escapes: an opaque call may change it.
void register_buffer(std::string *);
void escaped(int n) {
  std::string name = "layer";
  register_buffer(&name);
  for (int i = 0; i < 4; ++i)
    n += process(name.c_str()) + static_cast<int>(strlen(name.c_str()));
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: 'strlen' is called with the same arguments
  // NOTE: :[[@LINE-2]]:10: note: no fix: 'process' may modify 'name'
  // CHECK-FIXES: {{^}}    n += process(name.c_str()) + static_cast<int>(strlen(name.c_str()));{{$}}
}

// 10. A pragma applies to the loop: nothing may go between them.
void pragma_loop(std::string s) {
#pragma GCC unroll 4
  for (size_t i = 0; i < strlen(s.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(s[i]);
  // CHECK-FIXES: {{^}}#pragma GCC unroll 4{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (size_t i = 0; i < strlen(s.c_str()); ++i){{$}}
}

// 11. A declaration moved before the loop would capture a member of the
//     same name used in the loop before it.
struct Builder {
  std::string key;
  static bool keep(const std::string &k) { return !k.empty(); }
  int build(const std::string &prefix, int n) {
    int hits = 0;
    for (int i = 0; i < n; ++i) {
      hits += keep(key);
      std::string key = prefix + "/x";
      // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'key' is constructed from the same values on every iteration
      hits += keep(key);
    }
    // CHECK-FIXES: {{^}}      std::string key = prefix + "/x";{{$}}
    return hits;
  }
};
