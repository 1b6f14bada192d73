// An inference server's request path on the CPU: parse the request, apply
// the generation config, tokenize the prompt, score a batch of candidates.
// Redundant deep copies on this path cost an allocation and a copy per
// request; sysopt-redundant-copy finds them.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

struct GenerationConfig {
  std::string model = "llama-7b";
  std::vector<std::string> stop_words = {"</s>", "<|eot|>"};
  std::map<std::string, float> logit_bias;
  int max_new_tokens = 64;
};

struct Request {
  std::string id;
  std::string prompt;
  std::vector<int> history;
  std::map<std::string, std::string> headers;
};

class Tokenizer {
public:
  explicit Tokenizer(std::map<std::string, int> vocab) : vocab_(vocab) {}

  std::vector<int> encode(const std::string &text) const {
    std::vector<int> ids;
    std::string word;
    for (char c : text) {
      if (c == ' ') {
        ids.push_back(lookup(word));
        word.clear();
      } else {
        word += c;
      }
    }
    if (!word.empty())
      ids.push_back(lookup(word));
    return ids;
  }

private:
  int lookup(const std::string &w) const {
    auto it = vocab_.find(w);
    return it == vocab_.end() ? 0 : it->second;
  }
  std::map<std::string, int> vocab_;
};

static bool is_stop_word(const GenerationConfig &cfg, const std::string &w) {
  for (const std::string &stop : cfg.stop_words)
    if (stop == w)
      return true;
  return false;
}

static int budget(const GenerationConfig &cfg, const Request &req) {
  const std::string tenant = req.headers.count("tenant") ? req.headers.at("tenant") : "";
  return tenant == "batch" ? cfg.max_new_tokens * 4 : cfg.max_new_tokens;
}

static long handle(const Request &req, const Tokenizer &tok, const GenerationConfig &base) {
  const std::string &prompt = req.prompt;
  std::vector<int> ids = tok.encode(prompt);
  long score = 0;
  for (int id : ids)
    score = score * 31 + id;
  const std::vector<int> &history = req.history;
  for (int h : history)
    score += h;
  if (is_stop_word(base, "</s>"))
    score += budget(base, req);
  return score;
}

int main() {
  std::map<std::string, int> vocab = {{"hello", 1}, {"world", 2}, {"how", 3},
                                      {"are", 4},   {"you", 5}};
  Tokenizer tok(vocab);
  GenerationConfig base;
  long total = 0;
  for (int i = 0; i < 20000; ++i) {
    Request req{"r" + std::to_string(i), "hello world how are you",
                std::vector<int>(32, i % 7), {{"tenant", i % 2 ? "batch" : "chat"}}};
    total += handle(req, tok, base);
  }
  std::printf("checksum %ld\n", total);
  return 0;
}
