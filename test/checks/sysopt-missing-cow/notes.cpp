// RUN: %check_sysopt_tidy %s sysopt-missing-cow %t -- -- %stubs

#include <string>
#include <vector>

struct Config { std::string model; std::vector<std::string> stop_words; };
int generate(const std::string &prompt, const Config &cfg);

int serve(const std::string &prompt, const Config &base, bool eos, bool nl) {
  Config cfg = base;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'cfg' is a deep copy of 'base' that is written only on some paths; copy it on the path that writes it (copy-on-write) [reordering/deferral] [sysopt-missing-cow]
  // CHECK-NOTES: :[[@LINE+6]]:5: note: written here, on one path
  // CHECK-NOTES: :[[@LINE+7]]:5: note: written here, on one path
  // CHECK-NOTES: :[[@LINE-4]]:10: note: read through 'const Config &' bound to 'base' instead, and make an owned copy only on the path that writes
  // CHECK-NOTES: :[[@LINE-6]]:5: note: runs once per call of 'serve'; no loop of this translation unit is seen around it
  int n = generate(prompt, cfg);
  if (eos)
    cfg.stop_words.push_back("</s>");
  else if (nl)
    cfg.stop_words.push_back("\n");
  return n + generate(prompt, cfg);
}
