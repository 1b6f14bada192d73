#include <string>
#include <vector>
size_t drain(std::vector<std::string> &names, std::vector<std::string> &other);
