// Where a copy runs decides whether it is reported (Hotness, SetupFunctions).
// RUN: %check_sysopt_tidy -check-suffix=DEFAULT %s sysopt-missing-cow %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=REPEATED %s sysopt-missing-cow %t -- \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.Hotness: 'repeated'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=ALL %s sysopt-missing-cow %t -- \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.Hotness: 'all'}}" -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=SETUP %s sysopt-missing-cow %t -- \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.SetupFunctions: 'warm'}}" -- %stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-missing-cow' \
// RUN:   -config="{CheckOptions: {sysopt-missing-cow.Hotness: 'often'}}" -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INVALID
// INVALID: sysopt-missing-cow: invalid Hotness 'often'; expected repeated, per-call or all (using per-call)

#include <string>
#include <vector>

struct Config { std::string model; std::vector<std::string> stop_words; };
int generate(const std::string &prompt, const Config &cfg);

// 1. Per request, called from a loop: reported at every level.
static int step(const std::string &prompt, const Config &base, bool eos) {
  Config cfg = base;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  // CHECK-MESSAGES-REPEATED: :[[@LINE-2]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  // CHECK-MESSAGES-ALL: :[[@LINE-3]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  // CHECK-MESSAGES-SETUP: :[[@LINE-4]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  int n = generate(prompt, cfg);
  if (eos)
    cfg.stop_words.push_back("</s>");
  return n + generate(prompt, cfg);
}
int decode(const std::vector<std::string> &prompts, const Config &base) {
  int n = 0;
  for (const std::string &p : prompts)
    n += step(p, base, p.empty());
  return n;
}

// 2. Once per call of a public function: the default reports it.
int serve(const std::string &prompt, const Config &base, bool eos) {
  Config cfg = base;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  // CHECK-MESSAGES-SETUP: :[[@LINE-3]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  int n = generate(prompt, cfg);
  if (eos)
    cfg.stop_words.push_back("</s>");
  return n + generate(prompt, cfg);
}

// 3. Setup code: a load function (a default setup word) and a warm-up
//    (named by SetupFunctions in the SETUP run, which replaces the list).
int load_model(const std::string &prompt, const Config &base, bool eos) {
  Config cfg = base;
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  // CHECK-MESSAGES-SETUP: :[[@LINE-2]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  if (eos)
    cfg.stop_words.push_back("</s>");
  return generate(prompt, cfg);
}
int warm_up(const std::string &prompt, const Config &base, bool eos) {
  Config cfg = base;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths
  if (eos)
    cfg.stop_words.push_back("</s>");
  return generate(prompt, cfg);
}
