#include "shared.h"
#include <cstdio>
std::string g_prompt = "original prompt that is long enough to allocate";
void rewrite_prompt() { g_prompt = "rewritten"; }
int main() { std::printf("%s\n", tagged(g_prompt, true).c_str()); }
