// RUN: %check_sysopt_tidy %s sysopt-missing-cow %t -- -- %stubs

#include <string>
#include <utility>
#include <vector>

struct Sequence {
  std::vector<int> token_ids;
  std::vector<int> block_table; // KV-cache blocks
  float log_prob;
};
struct SamplingParams { float temperature; int top_k; };
struct EngineConfig {
  std::string model;
  std::vector<std::string> stop_words;
  SamplingParams sampling;
  float temperature;
  int max_tokens;
};
int run(const EngineConfig &cfg);

// 1. Beam search: every candidate forks its whole beam to append one token.
std::vector<Sequence> expand(const std::vector<Sequence> &beams,
                             const std::vector<int> &top_tokens,
                             const std::vector<float> &top_scores) {
  std::vector<Sequence> next;
  for (const Sequence &beam : beams)
    for (size_t k = 0; k < top_tokens.size(); ++k) {
      Sequence child = beam;
      // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'child' copies all of 'beam' on every iteration to change 2 small part(s) before keeping it; share the unchanged part (a shared prefix or reference-counted copy-on-write blocks) instead of a deep copy per fork [reordering/deferral] [sysopt-missing-cow]
      child.token_ids.push_back(top_tokens[k]);
      child.log_prob += top_scores[k];
      next.push_back(std::move(child));
    }
  return next;
}

// 2. A per-request copy of a shared base configuration with one field changed.
class Engine {
public:
  int handle(float temperature) const {
    EngineConfig cfg = base_;
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'cfg' copies all of the shared 'base_' on every call to change 1 small part(s); keep the base shared and immutable and overlay the changes (copy-on-write) [reordering/deferral] [sysopt-missing-cow]
    cfg.temperature = temperature;
    return run(cfg);
  }

  // ---- must not flag ----

  // 3. More edits than MaxSmallEdits (2): most of the copy changes.
  int handle_many(float t, int k, int max_tokens) const {
    EngineConfig cfg = base_;
    cfg.temperature = t;
    cfg.sampling.top_k = k;
    cfg.max_tokens = max_tokens;
    return run(cfg);
  }

  // 4. A large part is replaced (an expensive field).
  int handle_model(const std::string &model) const {
    EngineConfig cfg = base_;
    cfg.model = model;
    return run(cfg);
  }

  // 5. The copy is returned: the caller owns a full object.
  EngineConfig derive(float t) const {
    EngineConfig cfg = base_;
    cfg.temperature = t;
    return cfg;
  }

private:
  EngineConfig base_;
};

// 6. A copy of a local that is then changed: not a shared base, no fork.
int local_tweak(const std::vector<std::string> &stops) {
  EngineConfig local{"m", stops, {1.f, 1}, 1.f, 16};
  EngineConfig cfg = local;
  cfg.temperature = 0.f;
  return run(cfg) + run(local);
}

// 7. A fork of a per-iteration temporary: moving would do, not sharing.
std::vector<Sequence> fresh(const std::vector<int> &tokens) {
  std::vector<Sequence> out;
  for (int t : tokens) {
    Sequence s{{t}, {}, 0.f};
    Sequence child = s;
    child.token_ids.push_back(t);
    out.push_back(std::move(child));
  }
  return out;
}

// 8. A fork that is not kept (only read afterwards).
float score_children(const std::vector<Sequence> &beams, int tok) {
  float best = 0;
  for (const Sequence &beam : beams) {
    Sequence child = beam;
    child.token_ids.push_back(tok);
    best += static_cast<float>(child.token_ids.size());
  }
  return best;
}
