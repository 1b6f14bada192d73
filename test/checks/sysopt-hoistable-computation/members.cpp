// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %stubs
// Members of `*this` are invariant when the loop neither writes them, nor
// calls a non-const member function, nor hands `this` to anything.

#include <cstring>
#include <string>

// Visible and free of writes: the loop's calls cannot change the members.
static bool keep(const std::string &k) { return !k.empty(); }
void emit(char c);

class Loader {
  std::string prefix_;
  const char *name_;
  char *buffer_;
  int bumps_ = 0;
  void bump() { ++bumps_; }
  void rename(const char *n);

public:
  // ---- Must flag ---------------------------------------------------------

  int keys(const std::string &name, int n) {
    int hits = 0;
    for (int i = 0; i < n; ++i) {
      std::string key = prefix_ + "/" + name;
      // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'key' is constructed from the same values on every iteration; {{.*}} [reordering/precomputation] [sysopt-hoistable-computation]
      hits += keep(key);
    }
    return hits;
  }

  // `emit` is defined elsewhere and may write the buffer `name_` points
  // to: a warning, but no fix.
  void print() const {
    for (size_t i = 0; i < strlen(name_); ++i)
      // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'strlen' is called with the same arguments on every iteration
      emit(name_[i]);
    // CHECK-FIXES: {{^}}    for (size_t i = 0; i < strlen(name_); ++i){{$}}
  }

  // ---- Must not flag -----------------------------------------------------

  int keys_and_bump(const std::string &name, int n) {
    int hits = 0;
    for (int i = 0; i < n; ++i) {
      std::string key = prefix_ + "/" + name;
      hits += keep(key);
      bump(); // may change any member
    }
    return hits;
  }

  int keys_after_assign(const std::string &name, int n) {
    int hits = 0;
    for (int i = 0; i < n; ++i) {
      std::string key = prefix_ + "/" + name;
      hits += keep(key);
      prefix_ += "x";
    }
    return hits;
  }

  void print_and_rename() {
    for (size_t i = 0; i < strlen(name_); ++i) {
      emit(name_[i]);
      rename("y");
    }
  }

  // Writes through a pointer member: the characters behind name_ may change.
  void fill() {
    for (size_t i = 0; i < strlen(name_); ++i)
      buffer_[i] = name_[i];
  }
};
