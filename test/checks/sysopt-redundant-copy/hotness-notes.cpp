// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs
// Each finding says where it runs: the loop and each call on the way, or
// once per call.
#include <vector>

struct Hyp { std::vector<int> tokens; float score; };
static int consume(const std::vector<int> &v) { return static_cast<int>(v.size()); }

static int rescore(const Hyp &h) {
  std::vector<int> toks = h.tokens;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified; bind a const reference instead [removal/contextualization] [sysopt-redundant-copy]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-3]]:20: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:27: note: copied from here
  // CHECK-NOTES: :[[@LINE+8]]:3: note: in this loop
  // CHECK-NOTES: :[[@LINE+8]]:10: note: through this call to 'rescore'
  return consume(toks);
}
// CHECK-FIXES: {{^}}  const std::vector<int> &toks = h.tokens;{{$}}

int rescore_all(const std::vector<Hyp> &beams) {
  int n = 0;
  for (const Hyp &h : beams)
    n += rescore(h);
  return n;
}

int per_call(const Hyp &h) {
  std::vector<int> toks = h.tokens;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'toks' is a copy of 'h.tokens' that is never modified
  // CHECK-NOTES: :[[@LINE-2]]:3: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-3]]:20: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:27: note: copied from here
  // CHECK-NOTES: :[[@LINE-6]]:5: note: runs once per call of 'per_call'; no loop of this translation unit is seen around it
  return consume(toks);
}
