// RUN: %check_sysopt_tidy %s sysopt-flush-in-loop %t -- -- %stubs

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <unistd.h>

struct Record { int id; float loss; };

// 1. A metrics file written one line per step.
void write_metrics(const std::vector<Record> &rs, const std::string &path) {
  std::ofstream out(path);
  for (const Record &r : rs) {
    out << r.id << ' ' << r.loss << std::endl;
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'endl' flushes the stream on every iteration; write '\n' and let the buffer fill [replacement/relaxation] [sysopt-flush-in-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop
    // CHECK-FIXES: {{^}}    out << r.id << ' ' << r.loss << '\n';{{$}}
  }
}

// 2. Progress on the terminal, one line per batch: the terminal is
// line-buffered, a pipe or a log file gets a buffer at a time.
void train(int steps) {
  for (int step = 0; step < steps; ++step) {
    std::cout << "step " << step << std::endl;
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'endl' flushes the stream on every iteration; write '\n' and let the buffer fill
    // CHECK-FIXES: {{^}}    std::cout << "step " << step << '\n';{{$}}
  }
}

// 3. std::clog is buffered too.
void log_tokens(const std::vector<int> &tokens) {
  for (int t : tokens)
    std::clog << t << std::endl;
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'endl' flushes the stream on every iteration
  // CHECK-FIXES: {{^}}    std::clog << t << '\n';{{$}}
}

// 4. An explicit flush of a file per record: no fix-it (where to flush is
// the author's call), flush once after the loop.
void append_all(std::ofstream &journal, const std::vector<std::string> &lines) {
  std::size_t i = 0;
  while (i < lines.size()) {
    journal << lines[i++] << '\n';
    journal.flush();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'flush' flushes the file on every iteration; flush once after the loop
  }
}

// 5. fflush of a file fopen returned, and fsync per shard.
void save_shards(const std::vector<std::vector<float>> &shards, int fd) {
  FILE *f = fopen("weights.bin", "wb");
  for (const auto &s : shards) {
    fwrite(s.data(), sizeof(float), s.size(), f);
    fflush(f);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'fflush' flushes the file on every iteration; flush once after the loop
    fsync(fd);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'fsync' waits for the disk on every iteration; sync once after the loop
  }
  fclose(f);
}

// 6. std::flush into a file.
void append_rows(std::ofstream &csv, const std::vector<float> &v) {
  for (float x : v)
    csv << x << ',' << std::flush;
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'flush' flushes the file on every iteration; flush once after the loop
}

// 7. A macro around the line: the warning, no fix-it.
#define LOG_LINE(os, x) os << (x) << std::endl
void log_all(std::ofstream &log, const std::vector<int> &v) {
  for (int x : v)
    LOG_LINE(log, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'endl' flushes the stream on every iteration
  // CHECK-FIXES: {{^}}    LOG_LINE(log, x);{{$}}
}

// 8. A project's own file stream class, written one record per line.
namespace io {
class OutputFileStream : public std::ostream {
public:
  explicit OutputFileStream(const std::string &file);
};
} // namespace io
void shuffle_to(io::OutputFileStream &out, const std::vector<std::string> &lines) {
  for (const std::string &l : lines)
    out << l << std::endl;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'endl' flushes the stream on every iteration
  // CHECK-FIXES: {{^}}    out << l << '\n';{{$}}
}

// Must not flag ---------------------------------------------------------

// A project's string stream.
class Buffer : public std::ostringstream {};
void collect(Buffer &b, const std::vector<int> &v) {
  for (int x : v)
    b << x << std::endl;
}

// std::cerr and stderr are unbuffered: nothing to save.
void errors(const std::vector<int> &v) {
  for (int x : v) {
    std::cerr << x << std::endl;
    fflush(stderr);
  }
}

// An explicit flush of the terminal shows a partial line on purpose
// (a progress bar, a streamed token).
void stream_tokens(const std::vector<std::string> &pieces) {
  for (const std::string &p : pieces) {
    printf("%s", p.c_str());
    fflush(stdout);
    std::cout << "\r" << p << std::flush;
    std::cout.flush();
  }
}

// A prompt before a read.
void repl() {
  std::string line;
  while (true) {
    std::cout << "> " << std::endl;
    if (!std::getline(std::cin, line))
      break;
  }
}

// Error paths: the branch leaves the function or the program.
int check_all(const std::vector<int> &v, std::ofstream &log) {
  for (int x : v) {
    if (x < 0) {
      log << "bad value " << x << std::endl;
      return -1;
    }
    if (x > 1000) {
      std::cout << "too large" << std::endl;
      throw std::runtime_error("too large");
    }
    if (x == 7) {
      std::cout << "fatal" << std::endl;
      std::exit(1);
    }
  }
  return 0;
}

// Once, not per iteration.
void summary(std::ofstream &out, float total) {
  out << "total " << total << std::endl;
}

// A string stream: flushing it costs nothing.
std::string join(const std::vector<int> &v) {
  std::ostringstream os;
  for (int x : v)
    os << x << std::endl;
  return os.str();
}

// A stream of unknown kind (the caller decides): say nothing.
void write_to(std::ostream &os, const std::vector<int> &v) {
  for (int x : v)
    os << x << std::endl;
}

// A FILE* that may be stdout.
void emit(const std::vector<int> &v, bool to_file) {
  FILE *f = stdout;
  if (to_file)
    f = fopen("out.txt", "w");
  for (int x : v) {
    fprintf(f, "%d\n", x);
    fflush(f);
  }
}

// fflush(NULL): every stream, usually before fork or exec.
void spawn_all(const std::vector<std::string> &cmds) {
  for (const auto &c : cmds) {
    fflush(nullptr);
    (void)c;
  }
}

// Setup code runs once.
void load_vocab(const std::vector<std::string> &words, std::ofstream &out) {
  for (const auto &w : words)
    out << w << std::endl;
}
