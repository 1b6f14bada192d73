// RUN: %check_sysopt_tidy %s sysopt-missing-cow %t -- -- %stubs
// Before C++17 the iterators reach insert through a move construction.
// RUN: %sysopt_tidy %s --checks='-*,sysopt-missing-cow' --quiet -- -std=c++14 -isystem %S/../../include 2>&1 \
// RUN:   | FileCheck --check-prefix=CXX14 --implicit-check-not="'base' is a deep copy" %s

#include <algorithm>
#include <map>
#include <string>
#include <vector>

struct SamplingParams { float temperature; float top_p; int top_k; };
struct GenerationConfig {
  std::string model;
  std::vector<std::string> stop_words;
  std::map<std::string, float> logit_bias;
  SamplingParams sampling;
};
struct Request { std::string prompt; bool greedy; std::vector<std::string> extra_stops; };
int generate(const std::string &prompt, const GenerationConfig &cfg);
int count_stops(const GenerationConfig &cfg);
void record(const GenerationConfig &cfg);

// 1. Written in one branch, read after it: warning, the fix's shape in a note
// (notes.cpp checks the notes).
int serve(const Request &req, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'cfg' is a deep copy of 'base' that is written only on some paths; copy it on the path that writes it (copy-on-write) [reordering/deferral] [sysopt-missing-cow]
  if (!req.extra_stops.empty())
    cfg.stop_words.insert(cfg.stop_words.end(), req.extra_stops.begin(), req.extra_stops.end());
  return generate(req.prompt, cfg);
}

// 2. Every use inside the branch that writes it: the copy moves there.
int serve_greedy(const Request &req, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'cfg' is a deep copy of 'base' that is written only on some paths; copy it on the path that writes it (copy-on-write) [reordering/deferral] [sysopt-missing-cow]
  if (req.greedy) {
    cfg.sampling.top_k = 1;
    return generate(req.prompt, cfg);
  }
  return generate(req.prompt, base);
}
// CHECK-FIXES: int serve_greedy(const Request &req, const GenerationConfig &base) {
// CHECK-FIXES: {{^}}  if (req.greedy) {
// CHECK-FIXES-NEXT:     GenerationConfig cfg = base;
// CHECK-FIXES-NEXT:     cfg.sampling.top_k = 1;

// 3. Written in a nested branch: still one path.
int serve_nested(const Request &req, const GenerationConfig &base, bool debug) {
  std::vector<std::string> stops = base.stop_words;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'stops' is a deep copy of 'base.stop_words' that is written only on some paths; copy it on the path that writes it (copy-on-write) [reordering/deferral] [sysopt-missing-cow]
  if (debug) {
    if (req.greedy)
      stops.push_back("</s>");
  }
  return static_cast<int>(stops.size());
}

// 4. Written in an if inside a loop body: some iterations only.
int serve_loop(const std::vector<Request> &reqs, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'cfg' is a deep copy of 'base' that is written only on some paths; copy it on the path that writes it (copy-on-write) [reordering/deferral] [sysopt-missing-cow]
  int n = 0;
  for (const Request &r : reqs) {
    if (r.greedy)
      cfg.logit_bias["<eos>"] = -1.f;
    n += generate(r.prompt, cfg);
  }
  return n;
}

// ---- must not flag ----

// 5. Written on every path: the copy is needed.
int always_written(const Request &req, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  cfg.sampling.temperature = 0.f;
  return generate(req.prompt, cfg);
}

// 6. Written in both branches of an if/else.
int both_branches(const Request &req, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  if (req.greedy)
    cfg.sampling.top_k = 1;
  else
    cfg.sampling.top_k = 40;
  return generate(req.prompt, cfg);
}

// 7. Never written: sysopt-redundant-copy's finding, not this check's.
int never_written(const Request &req, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  return generate(req.prompt, cfg);
}

// 8. The source changes while the copy is alive: the copy is a snapshot.
int snapshot(Request req, GenerationConfig live) {
  GenerationConfig before = live;
  live.stop_words.clear();
  if (req.greedy)
    before.sampling.top_k = 1;
  return generate(req.prompt, before) + count_stops(live);
}

// 9. The copy leaves the function: an owned value on every path.
GenerationConfig returned(const Request &req, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  if (req.greedy)
    cfg.sampling.top_k = 1;
  return cfg;
}

// 10. Written on every iteration of a loop (a loop usually runs).
int loop_always(const std::vector<Request> &reqs, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  for (const Request &r : reqs)
    cfg.stop_words.push_back(r.prompt);
  return count_stops(cfg);
}

// 11. A switch with a default may write on every path.
int with_default(int mode, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  switch (mode) {
  case 0: cfg.sampling.top_k = 1; break;
  default: cfg.sampling.top_k = 40; break;
  }
  return count_stops(cfg);
}

// 12. Cheap types: a small struct copy costs nothing worth deferring.
float cheap(const GenerationConfig &base, bool greedy) {
  SamplingParams p = base.sampling;
  if (greedy)
    p.top_k = 1;
  return p.temperature + static_cast<float>(p.top_k);
}

// 13. Captured by reference: the lambda may write the source.
int by_ref_capture(const Request &req, GenerationConfig base) {
  GenerationConfig cfg = base;
  auto reset = [&base] { base.stop_words.clear(); };
  reset();
  if (req.greedy)
    cfg.sampling.top_k = 1;
  return generate(req.prompt, cfg);
}

// 14. Written in the condition: whenever the if runs.
int in_condition(const GenerationConfig &base) {
  std::vector<std::string> stops = base.stop_words;
  if (stops.empty() || (stops.push_back("x"), true))
    return 1;
  return static_cast<int>(stops.size());
}

// 15. Default, then override: the whole value is replaced on the writing
//     path, so there is nothing to copy on write (seen 8 times in llama.cpp).
std::string with_default(const Request &req) {
  std::string prompt = req.prompt;
  if (prompt.empty())
    prompt = "describe the image in detail.";
  return prompt + "";
}
int override_then_read(const Request &req, const GenerationConfig &base) {
  std::string model = base.model;
  if (req.greedy)
    model = req.prompt.substr(0, 4);
  return static_cast<int>(model.size());
}

// 16. Templates are left alone.
template <class Config>
int templated(const Config &base, bool greedy) {
  Config cfg = base;
  if (greedy)
    cfg.sampling.top_k = 1;
  return count_stops(cfg);
}
int use_template(const GenerationConfig &c) { return templated(c, true); }

// Iterators of the copy taken on one path only as the source range of an
// insert: a read, not a write on some paths (seen in a tokenizer's post
// processor; sysopt-redundant-copy binds a reference there).
std::vector<int> post_process(const std::vector<int> &ops, std::vector<int> &ids) {
  std::vector<int> base = ids;
  // CXX14-NOT: :[[@LINE-1]]:20: warning
  std::vector<int> out;
  for (int op : ops) {
    if (op == 1) {
      out.insert(out.end(), base.begin(), base.end());
      continue;
    }
    out.push_back(op);
  }
  ids.swap(out);
  return ids;
}

// Iterators moved by an offset into a reading algorithm: reads too (a shape
// check per element of a tensor array).
bool same_tail(const std::vector<std::vector<int>> &shapes, int axis) {
  bool ok = true;
  for (unsigned i = 1; i < shapes.size(); ++i) {
    std::vector<int> shape = shapes[i];
    if (axis > 0)
      ok &= std::equal(shape.begin() + axis, shape.end(), shapes[0].begin() + axis);
  }
  return ok;
}
