#include "shared.h"
#include <cstdio>
void collect(Sink &sink, int n);
std::vector<int> make_row(int i) { return std::vector<int>(static_cast<std::size_t>(i % 5 + 1), i); }
void observe(const std::vector<int> &row) { std::printf("observe %zu\n", row.size()); }
int main() {
  Sink sink;
  collect(sink, 4);
  long sum = 0;
  for (const auto &r : sink.rows)
    for (int v : r)
      sum += v;
  std::printf("%zu rows, sum %ld, last %s\n", sink.rows.size(), sum, sink.last.c_str());
}
