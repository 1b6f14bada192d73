#include "shared.h"
std::string tagged(const std::string &prompt, bool tag) {
  std::string copy = prompt;
  rewrite_prompt();
  if (tag) {
    copy += " [tagged]";
    return copy;
  }
  return "untagged";
}
