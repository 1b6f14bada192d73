// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %stubs

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

void emit(char c);
int process(const char *token);
__attribute__((pure)) int checksum(const char *s);
__attribute__((const)) int cost_model(int n);

// 1. strlen in the condition, with an opaque call in the body (LLVM does not
//    hoist it then). The opaque `emit` may also write the string through an
//    alias: a warning, no fix (fix-safety.cpp).
void print(const char *s) {
  for (size_t i = 0; i < strlen(s); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments on every iteration; compute it once before the loop [reordering/precomputation] [sysopt-hoistable-computation]
    emit(s[i]);
  // CHECK-FIXES: {{^}}  for (size_t i = 0; i < strlen(s); ++i){{$}}
}

// 2. strlen of a std::string's buffer, in a while condition. The string is
//    the function's own (a by-value parameter whose address never escapes):
//    no call can change it, so the condition, which runs at least once, is
//    fixable.
int count(std::string text) {
  size_t i = 0;
  int n = 0;
  while (i < strlen(text.c_str())) {
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'strlen' is called with the same arguments
    n += process(text.c_str() + i);
    ++i;
  }
  // CHECK-FIXES: {{^}}  const auto text_len = strlen(text.c_str());{{$}}
  // CHECK-FIXES-NEXT: {{^}}  while (i < text_len) {{[{]}}{{$}}
  return n;
}

// 3. getenv in a body that runs at least once (constant bounds), in a loop
//    that writes through a pointer but calls nothing that may set the
//    environment.
void poll(int *hits) {
  for (int step = 0; step < 100; ++step) {
    if (getenv("SYSOPT_DEBUG") != nullptr)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'getenv' is called with the same arguments
      hits[step] += 1;
  }
  // CHECK-FIXES: {{^}}  const auto sysopt_debug_env = getenv("SYSOPT_DEBUG");{{$}}
  // CHECK-FIXES: {{^}}    if (sysopt_debug_env != nullptr){{$}}
}

// 4. A pure function in a body that may run zero times: warning, no fix
//    (hoisting would call it even when the loop does not run).
int total(const char *key, int n) {
  int t = 0;
  for (int i = 0; i < n; ++i)
    t += checksum(key) + process(key);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'checksum' is called with the same arguments
  // CHECK-FIXES: {{^}}    t += checksum(key) + process(key);{{$}}
  return t;
}

// 5. A const function of an invariant local, in a do-while (runs once).
int plan(int layers) {
  int budget = 0, i = 0;
  do {
    budget += cost_model(layers) + process("x");
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'cost_model' is called with the same arguments
  } while (++i < 8);
  // CHECK-FIXES: {{^}}  const auto cost_model_result = cost_model(layers);{{$}}
  // CHECK-FIXES: {{^}}    budget += cost_model_result + process("x");{{$}}
  return budget;
}

// 6. A name that is taken gets a suffix.
void taken(std::string s) {
  int s_len = 0;
  for (size_t i = 0; i < strlen(s.c_str()); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strlen' is called with the same arguments
    emit(s[i] + s_len);
  // CHECK-FIXES: {{^}}  const auto s_len2 = strlen(s.c_str());{{$}}
}

// ---- Must not flag -------------------------------------------------------

// 7. LLVM -O2 hoists these itself: no writes through pointers, no opaque call.
int sum(const char *s) {
  int n = 0;
  for (size_t i = 0; i < strlen(s); ++i)
    n += s[i];
  return n;
}

// 8. The argument changes in the loop.
void walk(const char *s) {
  for (const char *p = s; strlen(p) > 0; ++p)
    emit(*p);
}

// 9. The buffer is written in the loop (directly, or through another
//    pointer that may alias it).
void upper(char *s) {
  for (size_t i = 0; i < strlen(s); ++i)
    s[i] = static_cast<char>(s[i] - 32);
}
void copy(const char *s, char *out) {
  for (size_t i = 0; i < strlen(s); ++i) {
    out[i] = s[i];
    emit(s[i]);
  }
}

// 10. The environment is written in the loop.
void env_loop() {
  for (int i = 0; i < 3; ++i) {
    setenv("MODE", "x", 1);
    process(getenv("MODE"));
  }
}

// 11. Side effects and cheap calls are never hoisted.
void side_effects(const std::vector<int> &v) {
  for (int i = 0; i < 10; ++i) {
    emit(static_cast<char>(rand()));
    emit(static_cast<char>(v.size()));
    emit(static_cast<char>(std::max(1, 2)));
  }
}

// 12. Induction-dependent arguments.
void per_item(const std::vector<std::string> &items) {
  for (size_t i = 0; i < items.size(); ++i)
    process(getenv(items[i].c_str()));
}

// 13. A call inside a try within the loop: warning, but no fix (the
//     exception would leave its handler).
void guarded(const char *s) {
  for (int i = 0; i < 4; ++i) {
    try {
      emit(static_cast<char>(checksum(s)));
      // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'checksum' is called with the same arguments
    } catch (...) {
    }
  }
  // CHECK-FIXES: {{^}}      emit(static_cast<char>(checksum(s)));{{$}}
}

// 15. Cheap C library functions behind system macros: errno is
//     `*__errno_location()` (declared const), INFINITY `__builtin_inff()`.
int errors(const char *s, float *out, int n) {
  int e = 0;
  for (int i = 0; i < n; ++i) {
    out[i] = INFINITY;
    e += errno;
    emit(s[0]);
  }
  return e;
}

// 17. strlen of a literal is folded by the compiler.
void literal(const char *s) {
  for (size_t i = 0; i < strlen("abc"); ++i)
    emit(s[i]);
}

// 16. The loop is the whole body of an if: a declaration cannot go before it
//     without braces, so no fix.
void unbraced(const char *s, bool verbose) {
  if (verbose)
    for (size_t i = 0; i < strlen(s); ++i)
      // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'strlen' is called with the same arguments
      emit(s[i]);
  // CHECK-FIXES: {{^}}    for (size_t i = 0; i < strlen(s); ++i){{$}}
}

// 14. Templates and lambdas stay silent.
template <class T> void tmpl(const T &s) {
  for (size_t i = 0; i < strlen(s); ++i) emit(s[i]);
}
void use_tmpl() { tmpl("abc"); }
void lambdas(const char *s) {
  for (int i = 0; i < 3; ++i) {
    auto f = [&] { return strlen(s); };
    emit(static_cast<char>(f()));
  }
}
