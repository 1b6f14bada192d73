#include <vector>
long total(std::vector<long> values);
