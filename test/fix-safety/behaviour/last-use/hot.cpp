#include "shared.h"
#include <utility>
void collect(Sink &sink, int n) {
  for (int i = 0; i < n; ++i) {
    // Not read again: moved.
    std::vector<int> row = make_row(i);
    row.push_back(-i);
    sink.rows.push_back(row);
    // Read after the copy: stays a copy.
    std::vector<int> kept = make_row(i + 1);
    sink.rows.push_back(kept);
    observe(kept);
    // Assigned anew before the next read: moved.
    std::string label(static_cast<std::size_t>(i + 1), 'x');
    sink.last = label;
  }
  // Read by every iteration: stays a copy.
  std::vector<int> carried = make_row(n);
  for (int i = 0; i < n; ++i)
    sink.rows.push_back(carried);
  observe(carried);
}
