// Where a copy runs decides whether it is worth a change (Hotness).
// RUN: %check_sysopt_tidy -check-suffix=DEFAULT %s sysopt-redundant-copy %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=REPEATED %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.Hotness: 'repeated'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=ALL %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.Hotness: 'all'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=SETUP %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.SetupFunctions: 'prepare'}}" -- %stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-redundant-copy' \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.Hotness: 'hot'}}" -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INVALID
// INVALID: sysopt-redundant-copy: invalid Hotness 'hot'; expected repeated, per-call or all (using per-call)

#include <map>
#include <string>
#include <vector>

struct Hyp { std::vector<int> tokens; float score; };
static int consume(const std::vector<int> &v) { return static_cast<int>(v.size()); }

// 1. In a decode loop: reported at every level, with the loop as a note.
int decode(const std::vector<Hyp> &beams, int steps) {
  int n = 0;
  for (int s = 0; s < steps; ++s) {
    std::vector<int> toks = beams[0].tokens;
    // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:22: warning: 'toks' is a copy of 'beams[0].tokens' that is never modified
    // CHECK-MESSAGES-REPEATED: :[[@LINE-2]]:22: warning: 'toks' is a copy of 'beams[0].tokens' that is never modified
    // CHECK-MESSAGES-ALL: :[[@LINE-3]]:22: warning: 'toks' is a copy of 'beams[0].tokens' that is never modified
    // CHECK-MESSAGES-SETUP: :[[@LINE-4]]:22: warning: 'toks' is a copy of 'beams[0].tokens' that is never modified
    // CHECK-FIXES-DEFAULT: {{^}}    const std::vector<int> &toks = beams[0].tokens;{{$}}
    // CHECK-FIXES-REPEATED: {{^}}    const std::vector<int> &toks = beams[0].tokens;{{$}}
    // CHECK-FIXES-ALL: {{^}}    const std::vector<int> &toks = beams[0].tokens;{{$}}
    // CHECK-FIXES-SETUP: {{^}}    const std::vector<int> &toks = beams[0].tokens;{{$}}
    n += consume(toks);
  }
  return n;
}

// 2. Once per call of a per-request function: reported by default.
int score_request(const Hyp &h) {
  std::vector<int> toks = h.tokens;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-SETUP: :[[@LINE-3]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  return consume(toks);
}

// 3. A function called from a loop: repeated, through the call.
static int rescore(const Hyp &h) {
  std::vector<int> toks = h.tokens;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-REPEATED: :[[@LINE-2]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-ALL: :[[@LINE-3]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-SETUP: :[[@LINE-4]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  return consume(toks);
}
int rescore_all(const std::vector<Hyp> &beams) {
  int n = 0;
  for (const Hyp &h : beams)
    n += rescore(h);
  return n;
}

// 4. Setup code runs once: a constructor, a load function, main, and what
//    only they call. Reported only with Hotness=all; SetupFunctions names
//    the words of setup functions (constructors and main always are).
struct Vocab {
  explicit Vocab(const std::map<std::string, int> &m) {
    std::map<std::string, int> copy = m;
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:32: warning: 'copy' is a copy of 'm' that is never modified
    size = copy.size();
  }
  size_t size = 0;
};
size_t load_vocab(const std::map<std::string, int> &m) {
  std::map<std::string, int> copy = m;
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:30: warning: 'copy' is a copy of 'm' that is never modified
  // CHECK-MESSAGES-SETUP: :[[@LINE-2]]:30: warning: 'copy' is a copy of 'm' that is never modified
  return copy.size();
}
size_t prepare_vocab(const std::map<std::string, int> &m) {
  std::map<std::string, int> copy = m;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:30: warning: 'copy' is a copy of 'm' that is never modified
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:30: warning: 'copy' is a copy of 'm' that is never modified
  return copy.size();
}
// What only main calls, outside its loop, is setup too.
static size_t warm_cache(const std::vector<Hyp> &beams) {
  std::vector<int> toks = beams[0].tokens;
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:20: warning: 'toks' is a copy of 'beams[0].tokens' that is never modified
  return toks.size();
}

// 5. A loop in main is the program's own loop (a training or serving
//    loop): what it calls is repeated.
static int serve_step(const Hyp &h) {
  std::vector<int> toks = h.tokens;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-REPEATED: :[[@LINE-2]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-ALL: :[[@LINE-3]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-MESSAGES-SETUP: :[[@LINE-4]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  return consume(toks);
}

int main(int argc, char **) {
  Hyp h{{1, 2}, 0.f};
  std::vector<int> toks = h.tokens;
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  int n = static_cast<int>(warm_cache({h}));
  for (int step = 0; step < argc; ++step)
    n += serve_step(h);
  return consume(toks) + n;
}
