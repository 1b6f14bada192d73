#include <vector>
extern std::vector<int> g_ids;
int sum_after_log(std::vector<int> in);
