// RUN: %check_sysopt_tidy %s sysopt-hoistable-computation %t -- -- %stubs

#include <map>
#include <regex>
#include <string>
#include <vector>

int score(const std::string &s, const std::vector<float> &mean);
bool keep(const std::string &);

// 1. A regex built per sample from an invariant pattern; the loop runs at
//    least once, so the declaration moves before it.
int filter(const std::vector<std::string> &lines, const std::string &pattern) {
  int n = 0;
  for (int i = 0; i < 64; ++i) {
    // CHECK-MESSAGES: :[[@LINE+1]]:16: warning: 're' is constructed from the same values on every iteration; construct it once before the loop [reordering/precomputation] [sysopt-hoistable-computation]
    std::regex re(pattern);
    n += std::regex_search(lines[i % lines.size()], re);
  }
  // CHECK-FIXES: {{^}}  std::regex re(pattern);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int i = 0; i < 64; ++i) {{[{]}}{{$}}
  // CHECK-FIXES-NEXT: {{^}}    //{{$}}
  // CHECK-FIXES-NEXT: {{^}}    n += std::regex_search(lines[i % lines.size()], re);{{$}}
  return n;
}

// 2. Normalization constants from literals, in a range-for (which may run
//    zero times: fixable, as building from literals cannot fail differently).
int normalize(const std::vector<std::string> &samples) {
  int n = 0;
  for (const std::string &s : samples) {
    std::vector<float> mean = {0.485f, 0.456f, 0.406f};
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'mean' is constructed from the same values on every iteration
    n += score(s, mean);
  }
  // CHECK-FIXES: {{^}}  std::vector<float> mean = {0.485f, 0.456f, 0.406f};{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (const std::string &s : samples) {{[{]}}{{$}}
  return n;
}

// 3. String building from invariant parts, in a loop that may not run:
//    warning only.
int keys(const std::string &prefix, const std::string &name, int n) {
  int hits = 0;
  for (int i = 0; i < n; ++i) {
    std::string key = prefix + "/" + name;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'key' is constructed from the same values on every iteration
    hits += keep(key);
  }
  // CHECK-FIXES: {{^}}    std::string key = prefix + "/" + name;{{$}}
  return hits;
}

// 4. A lookup table from literals, in a while loop.
int lookup(const std::vector<std::string> &words) {
  size_t i = 0;
  int n = 0;
  while (i < words.size()) {
    const std::map<std::string, int> vocab = {{"<s>", 1}, {"</s>", 2}};
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'vocab' is constructed from the same values on every iteration
    n += vocab.count(words[i++]) ? 1 : 0;
  }
  // CHECK-FIXES: {{^}}  const std::map<std::string, int> vocab = {{[{][{]}}"<s>", 1}, {"</s>", 2}};{{$}}
  return n;
}

// ---- Must not flag -------------------------------------------------------

// 5. The object is modified, moved or stored in the loop.
std::vector<std::string> collect(const std::string &prefix) {
  std::vector<std::string> out;
  for (int i = 0; i < 4; ++i) {
    std::string a = prefix;
    a += std::to_string(i);
    out.push_back(a);
    std::string b = prefix;
    out.push_back(std::move(b));
  }
  return out;
}

// 6. The initializer depends on the iteration.
int per_line(const std::vector<std::string> &lines) {
  int n = 0;
  for (const std::string &line : lines) {
    std::regex re(line);
    n += std::regex_match("x", re);
  }
  return n;
}

// 7. Cheap objects.
int cheap(int n) {
  int t = 0;
  for (int i = 0; i < n; ++i) {
    std::pair<int, int> p = {1, 2};
    t += p.first;
  }
  return t;
}

// 8. The pattern changes inside the loop.
int changing(std::string pattern, const std::vector<std::string> &lines) {
  int n = 0;
  for (int i = 0; i < 8; ++i) {
    std::regex re(pattern);
    n += std::regex_search(lines[0], re);
    pattern += "x";
  }
  return n;
}

// 10. Constructions that allocate nothing: defaults, end iterators, short
//     literal strings (small-string buffer).
int cheap_constructions(const std::vector<std::string> &args) {
  int n = 0;
  for (const std::string &a : args) {
    const std::string prefix = "--";
    std::sregex_iterator end;
    std::vector<int> empty;
    std::map<std::string, int> none{};
    n += a.compare(0, prefix.size(), prefix) == 0 && end == end && empty.empty() && none.empty();
  }
  return n;
}

// 9. Two declarations of the name: warning without the move.
int shadow(const std::string &pattern) {
  int n = 0;
  for (int i = 0; i < 2; ++i) {
    std::regex re(pattern);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 're' is constructed from the same values
    n += std::regex_match("a", re);
  }
  {
    std::regex re("b");
    n += std::regex_match("b", re);
  }
  // CHECK-FIXES: {{^}}    std::regex re(pattern);{{$}}
  return n;
}
