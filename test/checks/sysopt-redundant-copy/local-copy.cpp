// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs

#include <algorithm>
#include <map>
#include <numeric>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>
#include <torch/torch.h>

struct SamplingParams { float temperature; float top_p; int top_k; };
struct Request {
  std::string prompt;
  std::vector<int> token_ids;
  SamplingParams params;
  std::map<std::string, std::string> headers;
};
struct KVBlock { float data[512]; };
int consume(const std::string &);
int consume_ids(const std::vector<int> &);
void log_line(std::string_view);

// 1. A member of a const reference parameter, copied and only read. The
//    copy is alive across a call to `consume`, defined elsewhere, which may
//    change `req` through an alias: a warning without a fix.
int tokenize(const Request &req) {
  const std::string prompt = req.prompt;
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'prompt' is a copy of 'req.prompt' that is never modified; bind a const reference instead [removal/contextualization] [sysopt-redundant-copy]
  // CHECK-FIXES: {{^}}  const std::string prompt = req.prompt;{{$}}
  return consume(prompt);
}

// 1b. The same with nothing in the copy's live range that can write `req`.
size_t prompt_size(const Request &req) {
  const std::string prompt = req.prompt;
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'prompt' is a copy of 'req.prompt' that is never modified
  // CHECK-FIXES: {{^}}  const std::string &prompt = req.prompt;{{$}}
  return prompt.size() + prompt.find('x');
}

// 2. `auto` copy of a local container.
int count_ids(const Request &req) {
  std::vector<int> ids = {1, 2, 3};
  auto snapshot = ids;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'snapshot' is a copy of 'ids' that is never modified; bind a const reference instead [removal/contextualization]
  // CHECK-FIXES: {{^}}  const auto &snapshot = ids;{{$}}
  return consume_ids(snapshot) + consume_ids(ids);
}

// 3. Direct initialization, through a pointer parameter.
size_t header_count(const Request *req) {
  std::map<std::string, std::string> headers(req->headers);
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'headers' is a copy of 'req->headers' that is never modified
  // CHECK-FIXES: {{^}}  const std::map<std::string, std::string> &headers(req->headers);{{$}}
  return headers.size();
}

// 4. A message struct holding strings and vectors (no fix: the calls may
//    change `incoming`).
int route(const Request &incoming) {
  Request copy = incoming;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'copy' is a copy of 'incoming' that is never modified
  // CHECK-FIXES: {{^}}  Request copy = incoming;{{$}}
  return consume(copy.prompt) + consume_ids(copy.token_ids);
}

// 5. A large trivially copyable block (2 KiB > SizeThreshold).
float first_value(const KVBlock &block) {
  KVBlock local = block;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'local' is a copy of 'block' that is never modified
  // CHECK-FIXES: {{^}}  const KVBlock &local = block;{{$}}
  return local.data[0];
}

// ---- Must not flag -------------------------------------------------------

// 6. Cheap types: tensor handles, shared_ptr, string_view, small structs.
float cheap(const Request &req, torch::Tensor x, std::shared_ptr<Request> sp) {
  torch::Tensor y = x;
  std::shared_ptr<Request> sp2 = sp;
  std::string_view v = req.prompt;
  SamplingParams p = req.params;
  log_line(v);
  return p.temperature + y.dim() + sp2->params.top_p;
}

// 7. The copy is modified.
std::string with_suffix(const Request &req) {
  std::string s = req.prompt;
  s += "</s>";
  return s;
}

// 8. The copy is moved from (escapes).
std::vector<std::string> collect(const Request &req) {
  std::vector<std::string> out;
  std::string s = req.prompt;
  out.push_back(std::move(s));
  return out;
}

// 9. The copy is returned.
std::string echo(const Request &req) {
  std::string s = req.prompt;
  return s;
}

// 10. The copy is captured by reference by a lambda that outlives the scope.
std::thread spawn(const Request &req) {
  std::string s = req.prompt;
  return std::thread([&s] { consume(s); });
}

// 11. The copy is stored in a container or a member.
struct Cache {
  std::vector<std::string> entries;
  std::string last;
  void remember(const Request &req) {
    std::string a = req.prompt;
    entries.push_back(a);
    std::string b = req.prompt;
    last = b;
  }
};

// 12. Snapshot semantics: the source changes while the copy is read.
int snapshot(std::vector<int> &live) {
  std::vector<int> before = live;
  live.push_back(42);
  return consume_ids(before);
}

// 13. The source is captured by reference by a lambda that may change it.
int captured(std::string name) {
  auto rename = [&name] { name = "x"; };
  std::string old = name;
  rename();
  return consume(old);
}

// 14. Multiple declarations in one statement.
int multi(const Request &req) {
  std::string a = req.prompt, b = req.prompt;
  return consume(a) + consume(b);
}

// 15. A copy handed to a thread by value.
void worker(std::string);
void start(const Request &req) {
  std::string s = req.prompt;
  std::thread t(worker, s);
  t.join();
}

// 16. Templates: dependent types stay silent.
template <class T> int templated(const T &v) {
  T copy = v;
  return static_cast<int>(copy.size());
}
int use_template(const Request &req) { return templated(req.prompt); }

// 17. Copies of elements. A map's operator[] may insert: bound by reference
//     it still does, once, as before.
int from_index(std::map<std::string, std::string> &m, const std::vector<std::string> &names) {
  std::string a = m["k"];
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'a' is a copy of 'm["k"]' that is never modified
  std::string b = names[0];
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'b' is a copy of 'names[0]' that is never modified
  return consume(a) + consume(b);
}

// 18. Written through a reference bound to it in an earlier statement: the
// copy is needed (a query per statement did not connect the two).
int through_alias(const Request &req) {
  std::string prompt = req.prompt;
  auto &edited = prompt;
  edited.push_back('\n');
  return consume(prompt);
}

// 19. Iterators taken only as the source range of a read (insert's range,
// accumulate): reads, even through the non-const begin(). The source is
// swapped after the copy's last use, which a reference does not see.
std::vector<int> prepend(const std::vector<int> &ops, std::vector<int> &ids) {
  std::vector<int> base = ids;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'base' is a copy of 'ids' that is never modified
  // CHECK-FIXES: {{^}}  const std::vector<int> &base = ids;{{$}}
  std::vector<int> out;
  for (int op : ops)
    if (op == 1)
      out.insert(out.end(), base.begin(), base.end());
  out.push_back(std::accumulate(base.begin(), base.end(), 0));
  ids.swap(out);
  return ids;
}

// 20. An iterator written through, or one an algorithm returns into the
// range: the copy is written.
int zero_first(const std::vector<int> &ids) {
  std::vector<int> a = ids;
  std::fill(a.begin(), a.begin() + 1, 0);
  std::vector<int> b = ids;
  *std::find(b.begin(), b.end(), 3) = 4;
  return a[0] + b[0];
}
