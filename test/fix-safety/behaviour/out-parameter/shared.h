#include <vector>
void scale_into(std::vector<int> in, std::vector<int> &out);
