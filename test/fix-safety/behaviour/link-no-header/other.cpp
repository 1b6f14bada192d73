#include <cstdio>
#include <vector>
long total(std::vector<long> values);
int main() { std::printf("%ld\n", total({1, 2, 3, 4})); }
