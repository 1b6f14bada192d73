// RUN: %check_sysopt_tidy %s sysopt-missing-cow %t -- -- %stubs

#include <functional>
#include <map>
#include <string>
#include <vector>

struct ThreadPool { void submit(std::function<void()> task); };
float lookup(const std::vector<float> &table, int i);

// 1. A task per shard, each with its own copy of a table it only reads.
void score_shards(ThreadPool &pool, const std::vector<int> &shards,
                  std::vector<float> &out) {
  std::vector<float> table(1 << 20, 0.5f);
  for (int shard : shards)
    pool.submit([table, shard, &out] { out[shard] = lookup(table, shard); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: lambda copies 'table' ('std::vector<float>') every time the loop creates it and only reads it; share one immutable snapshot (std::shared_ptr<const std::vector<float>>) or capture a const reference that outlives the tasks [removal/contextualization] [sysopt-missing-cow]
}

// 2. The same through an implicit [=] capture.
void score_implicit(ThreadPool &pool, int n, std::vector<float> &out) {
  const std::map<std::string, float> weights = {{"a", 1.f}};
  for (int i = 0; i < n; ++i)
    pool.submit([=, &out] { out[i] = weights.at("a"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: lambda copies 'weights'
}

// ---- must not flag ----

// 3. The source changes between tasks: each task needs its own snapshot.
void snapshots(ThreadPool &pool, int n, std::vector<float> &out) {
  std::vector<float> state(1024, 0.f);
  for (int i = 0; i < n; ++i) {
    pool.submit([state, i, &out] { out[i] = state[0]; });
    state[0] += 1.f;
  }
}

// 4. A mutable lambda may change its copy.
void mutable_copy(ThreadPool &pool, int n) {
  std::vector<float> scratch(1024);
  for (int i = 0; i < n; ++i)
    pool.submit([scratch]() mutable { scratch[0] = 1.f; });
}

// 5. Created once, outside any loop: one copy.
void once(ThreadPool &pool) {
  std::vector<float> table(1024);
  pool.submit([table] { (void)lookup(table, 0); });
}

// 6. Cheap captures.
void cheap(ThreadPool &pool, int n, std::vector<float> &out) {
  float scale = 2.f;
  for (int i = 0; i < n; ++i)
    pool.submit([scale, i, &out] { out[i] = scale; });
}

// 7. Declared inside the loop: a fresh value per task anyway.
void per_task(ThreadPool &pool, int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<float> local(16, static_cast<float>(i));
    pool.submit([local] { (void)lookup(local, 0); });
  }
}

// ---- getters ----

class Model {
public:
  // 8. Returns a large member by value; a loop only reads the result.
  std::vector<std::string> vocab() const { return vocab_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'vocab' returns 'std::vector<std::string>' by value, and a loop calls it only to read the result; return a const reference (or a shared immutable snapshot) instead of a copy per call [removal/contextualization] [sysopt-missing-cow]
  std::map<std::string, int> ids() const { return ids_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'ids' returns 'std::map<std::string, int>' by value
  std::vector<int> shape() const { return shape_; }
  const std::vector<int> &dims() const { return shape_; }
  std::vector<int> scaled(int k) const { return std::vector<int>(shape_.size(), k); }
  std::vector<int> computed() const { std::vector<int> v = shape_; v.push_back(1); return v; }

private:
  std::vector<std::string> vocab_;
  std::map<std::string, int> ids_;
  std::vector<int> shape_;
};

size_t total_length(const Model &m, const std::vector<int> &tokens) {
  size_t n = 0;
  for (int t : tokens)
    n += m.vocab()[static_cast<size_t>(t)].size(); // const operator[]: a read
  for (int t : tokens) {
    const auto &table = m.ids();
    n += table.count(std::to_string(t));
  }
  return n;
}

// 9. The caller changes its copy: by value is what it needs.
size_t grow(const Model &m, int n) {
  size_t s = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> shape = m.shape();
    shape.push_back(i);
    s += shape.size();
  }
  return s;
}

// 10. Not a plain member getter, or already a reference, or not in a loop.
size_t others(const Model &m, int n) {
  size_t s = m.shape().size();
  for (int i = 0; i < n; ++i)
    s += m.dims().size() + m.scaled(i).size() + m.computed().size();
  return s;
}
