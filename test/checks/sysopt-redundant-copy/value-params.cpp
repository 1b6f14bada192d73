// The signature rules, on functions that are mostly not called here
// (UncalledParameters; uncalled.cpp has the default).
// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.UncalledParameters: true}}" -- %stubs

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>
#include <torch/torch.h>

struct GenerationConfig {
  std::string model;
  std::vector<std::string> stop_words;
  std::map<std::string, float> logit_bias;
};
int consume(const std::string &);

// 1. Only read: the fix updates every declaration in the file (internal
//    linkage: no other file can declare it).
static int score(std::vector<float> logits, int k);
// CHECK-FIXES: {{^}}static int score(const std::vector<float> &logits, int k);{{$}}
static int score(std::vector<float> logits, int k) {
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: parameter 'logits' of type 'std::vector<float>' is copied for every call but only read; pass it by const reference [removal/contextualization] [sysopt-redundant-copy]
  // CHECK-FIXES: {{^}}static int score(const std::vector<float> &logits, int k) {{[{]}}{{$}}
  return logits.empty() ? 0 : static_cast<int>(logits.size()) * k;
}

// 2. A struct of containers, const-qualified by value, in an anonymous
//    namespace.
namespace {
int stop_count(const GenerationConfig cfg) {
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'cfg' of type 'GenerationConfig' is copied
  // CHECK-FIXES: {{^}}int stop_count(const GenerationConfig &cfg) {{[{]}}{{$}}
  return static_cast<int>(cfg.stop_words.size());
}
} // namespace

// 2b. External linkage, declared in no header of this file: another file
//     may declare it with the old signature (the link would break).
int exported_score(std::vector<float> logits) { return static_cast<int>(logits.size()); }
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'logits' of type 'std::vector<float>' is copied
// CHECK-FIXES: {{^}}int exported_score(std::vector<float> logits) { return static_cast<int>(logits.size()); }{{$}}

// 3. A method. (The constructor runs once per object: setup code, left
//    alone by default; see hotness.cpp.)
struct Tokenizer {
  explicit Tokenizer(std::map<std::string, int> vocab) : vocab_(vocab) {}
  int lookup(std::string word) const {
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: parameter 'word' of type 'std::string'
    // CHECK-FIXES: {{^}}  int lookup(const std::string &word) const {{[{]}}{{$}}
    auto it = vocab_.find(word);
    return it == vocab_.end() ? -1 : it->second;
  }
  std::map<std::string, int> vocab_;
};

// 4. The function's address is taken: warn, no fix.
int prompt_len(std::string prompt) { return consume(prompt); }
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: parameter 'prompt' of type 'std::string' is copied
// CHECK-FIXES: {{^}}int prompt_len(std::string prompt) { return consume(prompt); }{{$}}
std::function<int(std::string)> handler = &prompt_len;

// ---- Must not flag -------------------------------------------------------

// 5. Tensors are handles: by value is the idiom.
torch::Tensor scale(torch::Tensor x, double s) { return x * s; }

// 6. Mutated, moved or returned parameters.
std::string normalize(std::string s) { s += "\n"; return s; }
std::vector<int> sink(std::vector<int> v) { return v; }
struct Holder {
  std::string name;
  void set(std::string n) { name = std::move(n); }
};

// 7. Virtual functions and overrides keep their signature.
struct Backend {
  virtual ~Backend() = default;
  virtual int run(std::string model) { return consume(model); }
};
struct CudaBackend : Backend {
  int run(std::string model) override { return consume(model) + 1; }
};

// 8. Unused and unnamed parameters are interface requirements.
int ignore(std::string, std::vector<int> unused) { return 0; }

// 9. Templates.
template <class T> int generic(std::vector<T> v) { return static_cast<int>(v.size()); }
int use_generic() { return generic(std::vector<int>{1}); }

// 10. Cheap by-value types and small structs.
struct Dims { int n, c, h, w; };
int area(Dims d, std::pair<int, int> p) { return d.h * d.w + p.first; }

// 11. Indexing a non-const parameter calls the non-const operator[]; clang's
//     mutation analysis counts that as a write, sysopt looks at how the
//     element is used: only read here.
static float first(std::vector<float> v) { return v[0] + v.at(1) + v.front(); }
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'v' of type 'std::vector<float>' is copied
// CHECK-FIXES: {{^}}static float first(const std::vector<float> &v) { return v[0] + v.at(1) + v.front(); }{{$}}
// ...but an element that is written, or a map's operator[] (it inserts), is not.
void scale_first(std::vector<float> v, float *out) { v[0] *= 2; *out = v[0]; }
int count_key(std::map<std::string, int> m) { return m["k"]; }

// 12. Parameters captured by reference into a task, or stored in a member.
std::function<int()> defer(std::string s) { return [&s] { return consume(s); }; }
struct Registry {
  std::vector<std::string> names;
  void add(std::string n) { names.push_back(n); }
};

// ---- Only where a caller really copies ------------------------------------

// 13. Every caller passes a temporary, a braced list or a moved value: the
//     parameter is built in place; a reference would save nothing.
static long total(std::vector<long> dims) {
  long t = 1;
  for (long d : dims)
    t *= d;
  return t;
}
std::vector<long> make_dims();
long use_total(std::vector<long> &&owned) {
  return total({1, 2}) + total(make_dims()) + total(std::move(owned));
}

// 14. One caller passes an lvalue it keeps: that call copies.
static size_t stop_words(std::vector<std::string> words) { return words.size(); }
// CHECK-MESSAGES: :[[@LINE-1]]:51: warning: parameter 'words' of type 'std::vector<std::string>' is copied for every call but only read; pass it by const reference
// CHECK-FIXES: {{^}}static size_t stop_words(const std::vector<std::string> &words) { return words.size(); }{{$}}
size_t per_request(const GenerationConfig &cfg) {
  return stop_words({"a"}) + stop_words(cfg.stop_words);
}
