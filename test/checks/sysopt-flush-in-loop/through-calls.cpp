// RUN: %check_sysopt_tidy %s sysopt-flush-in-loop %t -- -- %stubs

#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>
#include <unistd.h>

// 1. A logger method called once per request from the serving loop.
class RequestLog {
public:
  explicit RequestLog(const std::string &path) : out_(path) {}
  void record(int id, double ms) {
    out_ << id << '\t' << ms << std::endl;
    // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'endl' flushes the stream on every call of 'record'; write '\n' and let the buffer fill [replacement/relaxation] [sysopt-flush-in-loop]
    // CHECK-FIXES: {{^}}    out_ << id << '\t' << ms << '\n';{{$}}
  }

private:
  std::ofstream out_;
};

double handle(int id);

void serve(RequestLog &log, const std::vector<int> &ids) {
  for (int id : ids) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: note: in this loop
    double ms = handle(id);
    log.record(id, ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: through this call to 'record'
  }
}

// 2. Two calls down: a per-step hook that writes a checkpoint marker.
static void sync_marker(int fd) {
  fsync(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fsync' waits for the disk on every call of 'sync_marker'; sync once after the loop
}
static void on_step(int fd, int step) {
  if (step >= 0)
    sync_marker(fd);
}
void run_steps(int fd, int steps) {
  for (int s = 0; s < steps; ++s)
    on_step(fd, s);
}

// 3. A lambda per element.
void print_all(std::ofstream &out, const std::vector<int> &v);
void export_all(std::ofstream &out, const std::vector<int> &v) {
  std::for_each(v.begin(), v.end(), [&](int x) { out << x << std::endl; });
  // CHECK-MESSAGES: :[[@LINE-1]]:62: warning: 'endl' flushes the stream on every element; write '\n' and let the buffer fill
}

// Must not flag: a helper that only setup code calls, once.
static void write_header(std::ofstream &out) { out << "id\tms" << std::endl; }
void open_log(std::ofstream &out) { write_header(out); }
