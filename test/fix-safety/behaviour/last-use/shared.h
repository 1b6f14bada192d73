#include <cstddef>
#include <string>
#include <vector>
struct Sink {
  std::vector<std::vector<int>> rows;
  std::string last;
};
std::vector<int> make_row(int i);
void observe(const std::vector<int> &row); // prints its size
