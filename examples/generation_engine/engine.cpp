// A text-generation engine's request path on the CPU: per-request sampling
// configuration, stop words, and a beam search that forks sequences. Each
// marked spot makes a deep copy that most executions only read.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

struct SamplingParams { float temperature; int top_k; };
struct GenerationConfig {
  std::string model;
  std::vector<std::string> stop_words; // a few hundred in real deployments
  std::vector<float> logit_bias;        // one per vocabulary entry
  SamplingParams sampling;
};
struct Request { std::string prompt; bool greedy; bool json_mode; };
struct Sequence {
  std::vector<int> token_ids;
  std::vector<int> block_table; // KV-cache blocks, shared by the prefix
  float log_prob;
};

static float decode_step(const GenerationConfig &cfg, const std::string &prompt) {
  return cfg.sampling.temperature * static_cast<float>(cfg.sampling.top_k) +
         static_cast<float>(prompt.size() + cfg.stop_words.size()) +
         cfg.logit_bias[prompt.size() % cfg.logit_bias.size()];
}

// Copies the whole configuration for every request; only greedy requests
// change it. (sysopt-missing-cow moves the copy into the branch.)
static float serve(const Request &req, const GenerationConfig &base) {
  GenerationConfig cfg = base;
  if (req.greedy) {
    cfg.sampling.top_k = 1;
    return decode_step(cfg, req.prompt);
  }
  return decode_step(base, req.prompt);
}

// Copies the stop words for every request; only JSON mode adds one.
// (Warning: read through a const reference, copy on the JSON path only.)
static size_t count_stops(const Request &req, const GenerationConfig &base) {
  std::vector<std::string> stops = base.stop_words;
  size_t extra = 0;
  if (req.json_mode)
    stops.push_back("}");
  for (const std::string &s : stops)
    extra += s.size();
  return extra;
}

// Beam search: every candidate copies its parent's tokens and KV-cache
// block table to append one token. (Warning: share the prefix.)
static std::vector<Sequence> expand(const std::vector<Sequence> &beams,
                                    const std::vector<int> &top_tokens) {
  std::vector<Sequence> next;
  for (const Sequence &beam : beams)
    for (int tok : top_tokens) {
      Sequence child = beam;
      child.token_ids.push_back(tok);
      child.log_prob -= 0.5f;
      next.push_back(std::move(child));
    }
  return next;
}

int main() {
  GenerationConfig base{"llama", std::vector<std::string>(300, "</s>"),
                        std::vector<float>(32000, 0.f), {0.7f, 40}};
  double checksum = 0;
  for (int i = 0; i < 2000; ++i) {
    Request req{"request " + std::to_string(i), i % 10 == 0, i % 50 == 0};
    checksum += serve(req, base);
    checksum += static_cast<double>(count_stops(req, base));
  }
  std::vector<Sequence> beams(4, Sequence{std::vector<int>(512, 1),
                                          std::vector<int>(32, 0), 0.f});
  for (int step = 0; step < 3; ++step) {
    beams = expand(beams, {1, 2, 3, 4});
    beams.resize(4);
  }
  checksum += static_cast<double>(beams[0].token_ids.size());
  std::printf("checksum %.1f\n", checksum);
  return 0;
}
