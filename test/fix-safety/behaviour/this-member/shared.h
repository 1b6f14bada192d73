#include <vector>
struct Model {
  std::vector<int> items_ = {1, 2, 3};
  int reset_and_sum(std::vector<int> in);
};
