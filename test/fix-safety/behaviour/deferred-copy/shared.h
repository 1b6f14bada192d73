#include <string>
extern std::string g_prompt;
void rewrite_prompt(); // writes g_prompt
std::string tagged(const std::string &prompt, bool tag);
