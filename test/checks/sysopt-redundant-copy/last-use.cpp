// A local copied at its last use can be moved: into a container, a member, a
// by-value parameter, a setter with an rvalue overload, a pair being
// returned. Reductions of what decode loops, tokenizers and request
// handlers do (a path built per beam and pushed, a split vector assigned
// to the result, a per-request config handed to the request).
// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-redundant-copy' --quiet -- %stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=NOTE %s
// RUN: %sysopt_tidy %s --checks='-*,sysopt-redundant-copy,performance-unnecessary-value-param' \
// RUN:   --quiet -- %stubs 2>&1 | FileCheck --check-prefix=STOCK %s
// RUN: %sysopt_tidy %s --checks='-*,sysopt-redundant-copy,performance-unnecessary-copy-initialization' \
// RUN:   --quiet -- %stubs 2>&1 | FileCheck --check-prefix=COPYINIT --implicit-check-not="'t2' is copied" %s
// RUN: %sysopt_tidy %s --checks='-*,sysopt-redundant-copy' --quiet \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.UncalledLastUses: true}}" \
// RUN:   -- %stubs 2>&1 | FileCheck --check-prefix=UNCALLED %s
// RUN: %sysopt_tidy %S/Inputs/last-use-no-utility.cpp --checks='-*,sysopt-redundant-copy' \
// RUN:   --quiet -config="{CheckOptions: {sysopt-redundant-copy.ExpensiveTypes: 'Blob'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck --check-prefix=NOUTIL %S/Inputs/last-use-no-utility.cpp

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct Config { std::vector<int> stop_ids; std::string name; };
struct Request { Config cfg; std::vector<int> tokens; };
struct Big { char bytes[4096]; }; // trivially copyable: a move copies it all

struct Engine {
  std::vector<std::vector<int>> paths;
  std::vector<int> current;
  Config cfg;
  std::map<int, std::vector<int>> by_id;
  void set_tokens(const std::vector<int> &t) { current = t; }
  void set_tokens(std::vector<int> &&t) { current = std::move(t); }
  void set_only(const std::vector<int> &t) { current = t; }
  void take(std::vector<int> t) { current = std::move(t); }
  void step(int beams, Request req);
  void inspect(Request req);
  void replace(Config c);
  void remember(const Request &r);
};

std::vector<int> expand(int);
Big make_big();
void keep_big(Big);
int read(const std::vector<int> &);
void keep(std::vector<int>);

// ---- Positives -------------------------------------------------------------

void Engine::step(int beams, Request req) {
  for (int b = 0; b < beams; ++b) {
    // NOTE: :[[@LINE+6]]:21: warning: 'path' is copied into 'push_back' at its last use
    // NOTE: :[[@LINE+3]]:22: note: 'path' is not used after the copy
    // NOTE: :[[@LINE-3]]:3: note: in this loop
    // 1. Pushed into a container.
    std::vector<int> path = expand(b);
    path.push_back(b);
    paths.push_back(path);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'path' is copied into 'push_back' at its last use; move it instead [removal/contextualization]
    // CHECK-FIXES: {{^}}    paths.push_back(std::move(path));{{$}}

    // 2. Copy-assigned to a member.
    std::vector<int> next = expand(b + 1);
    current = next;
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'next' is copy-assigned at its last use; move it instead
    // CHECK-FIXES: {{^}}    current = std::move(next);{{$}}

    // 3. Passed by value.
    std::vector<int> arg = expand(b + 2);
    take(arg);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'arg' is copied at its last use; move it instead
    // CHECK-FIXES: {{^}}    take(std::move(arg));{{$}}

    // 4. A setter with an rvalue overload.
    std::vector<int> toks = expand(b + 3);
    set_tokens(toks);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'toks' is copied into 'set_tokens' at its last use; move it instead
    // CHECK-FIXES: {{^}}    set_tokens(std::move(toks));{{$}}

    // 5. Forwarded into a new element.
    std::vector<int> alt = expand(b + 4);
    by_id.emplace(b, alt);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'alt' is copied into 'emplace' at its last use; move it instead
    // CHECK-FIXES: {{^}}    by_id.emplace(b, std::move(alt));{{$}}
  }
  // 6. A member of a by-value parameter that is not used again (every
  // caller passes a temporary, so the parameter itself costs no copy).
  cfg = req.cfg;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'req.cfg' is copy-assigned at its last use; move it instead
  // CHECK-FIXES: {{^}}  cfg = std::move(req.cfg);{{$}}
  // With performance-unnecessary-value-param on, 'req' may become a const
  // reference.
  // STOCK: :[[@LINE-5]]:9: warning: 'req.cfg' is copy-assigned at its last use
  // STOCK: :[[@LINE-6]]:9: note: no fix: performance-unnecessary-value-param may make 'req' a const reference, from which a move copies
}

// 10. A whole by-value parameter copied at its only use: with
// performance-unnecessary-value-param on, the edit is left to it.
void Engine::replace(Config c) {
  cfg = c;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'c' is copy-assigned at its last use; move it instead
  // CHECK-FIXES: {{^}}  cfg = std::move(c);{{$}}
  // STOCK: :[[@LINE-3]]:9: warning: 'c' is copy-assigned at its last use
  // STOCK: :[[@LINE-4]]:9: note: the edit is left to performance-unnecessary-value-param
  // STOCK: :[[@LINE-5]]:9: warning: parameter 'c' of type 'Config' is passed by value and only copied once; consider moving it to avoid unnecessary copies [performance-unnecessary-value-param]
}

// 7. Declared outside the loop, but assigned anew before each next read.
std::vector<std::vector<int>> batches(int n) {
  std::vector<std::vector<int>> out;
  std::vector<int> fields;
  for (int i = 0; i < n; ++i) {
    fields = expand(i);
    out.push_back(fields);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'fields' is copied into 'push_back' at its last use; move it instead
    // CHECK-FIXES: {{^}}    out.push_back(std::move(fields));{{$}}
  }
  return out;
}

// 7b. Filled through iterators into its own end, then assigned whole.
struct Splits { std::vector<std::string> parts; };
void split_all(Splits &pts, const std::vector<std::string> &tokens) {
  std::vector<std::string> next;
  for (const std::string &t : tokens)
    next.insert(next.end(), t.begin() == t.end() ? tokens.end() : tokens.begin(),
                tokens.end());
  pts.parts = next;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'next' is copy-assigned at its last use; move it instead
  // CHECK-FIXES: {{^}}  pts.parts = std::move(next);{{$}}
}

// 8. Returned inside a pair, and handed to make_shared.
std::pair<std::string, std::vector<int>> decode_one(int n) {
  std::string text(n, 'x');
  std::vector<int> ids = expand(n);
  return {text, ids};
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'text' is copied into 'pair' at its last use; move it instead
  // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: 'ids' is copied into 'pair' at its last use; move it instead
  // CHECK-FIXES: {{^}}  return {std::move(text), std::move(ids)};{{$}}
}
std::shared_ptr<Config> share_request(int n) {
  Config c;
  c.stop_ids = expand(n);
  return std::make_shared<Config>(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'c' is copied into 'make_shared' at its last use; move it instead
  // CHECK-FIXES: {{^}}  return std::make_shared<Config>(std::move(c));{{$}}
}

// 9. An aggregate built from locals.
struct Args { std::vector<int> q, k; };
void run_args(const Args &);
void attention(int n) {
  std::vector<int> q = expand(n), k = expand(n + 1);
  q.push_back(n);
  k.push_back(n);
  run_args(Args{q, k});
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'q' is copied at its last use; move it instead
  // CHECK-MESSAGES: :[[@LINE-2]]:20: warning: 'k' is copied at its last use; move it instead
  // CHECK-FIXES: {{^}}  run_args(Args{std::move(q), std::move(k)});{{$}}
}

// 11. A copy of a const reference's member, stored at its last use: it must
// exist, and the one into the container is the extra one.
void Engine::remember(const Request &r) {
  std::vector<int> t = r.tokens;
  paths.push_back(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 't' is copied into 'push_back' at its last use; move it instead
  // CHECK-FIXES: {{^}}  paths.push_back(std::move(t));{{$}}
  // COPYINIT: :[[@LINE-3]]:19: warning: 't' is copied into 'push_back' at its last use
}

// ---- Negatives -------------------------------------------------------------

// A by-value parameter passed an lvalue, only read: the by-value rule's
// const reference saves the caller's copy too, and a move from it would
// copy.
void Engine::inspect(Request req) {
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: parameter 'req' of type 'Request' is copied for every call but only read; pass it by const reference
  cfg = req.cfg;
}

void negatives(Engine &e, int n) {
  for (int i = 0; i < n; ++i) {
    // Read after the copy.
    std::vector<int> a = expand(i);
    e.paths.push_back(a);
    e.current.push_back(a[0]);
    // A reference keeps it reachable.
    std::vector<int> b = expand(i);
    std::vector<int> &alias = b;
    e.paths.push_back(b);
    alias.clear();
    // An iterator keeps it reachable, also converted.
    std::vector<int> c = expand(i);
    auto it = c.begin();
    std::vector<int> c2 = expand(i);
    std::vector<int>::const_iterator cit = c2.end();
    e.paths.push_back(c2);
    e.current.push_back(*(cit - 1));
    e.paths.push_back(c);
    e.current.push_back(*it);
    // const: std::move would copy anyway.
    const std::vector<int> d = expand(i);
    e.paths.push_back(d);
    // No rvalue overload: the setter copies either way.
    std::vector<int> f = expand(i);
    e.set_only(f);
    // The same full expression reads it again.
    std::vector<int> g = expand(i);
    e.take(g), (void)read(g);
    // Captured by copy: the fix would be an init-capture.
    std::vector<int> h = expand(i);
    auto lam = [h] { return read(h); };
    (void)lam();
    // Captured by reference somewhere in the function.
    std::vector<int> r = expand(i);
    auto by_ref = [&r] { return read(r); };
    e.paths.push_back(r);
    (void)by_ref;
    // A copy into a declaration that is never written: the const-reference
    // rule's, not a move ('s' is read after anyway).
    std::vector<int> s = expand(i);
    std::vector<int> s2 = s;
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 's2' is a copy of 's' that is never modified; bind a const reference instead
    // CHECK-FIXES: {{^}}    const std::vector<int> &s2 = s;{{$}}
    (void)read(s2);
    (void)read(s);
    // A copy the local-copy rule makes a const reference: a move from it
    // would copy.
    std::vector<int> u = expand(i);
    std::vector<int> t2 = u;
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 't2' is a copy of 'u' that is never modified; bind a const reference instead
    // CHECK-FIXES: {{^}}    const std::vector<int> &t2 = u;{{$}}
    // COPYINIT: :[[@LINE-3]]:22: warning: local copy 't2' of the variable 'u'{{.*}}[performance-unnecessary-copy-initialization]
    keep(t2);
    (void)read(u);
    // Trivially copyable: moving copies the same bytes.
    Big big = make_big();
    keep_big(big);
  }
}

// Copied into a by-value parameter that the by-value rule makes a const
// reference: that fix removes the copy, and a move would be into a const
// reference.
static long total(std::vector<int> values) {
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: parameter 'values' of type 'std::vector<int>' is copied for every call but only read
  // CHECK-FIXES: {{^}}static long total(const std::vector<int> &values) {{{$}}
  long sum = 0;
  for (int v : values)
    sum += v;
  return sum;
}
void sum_rows(Engine &e, int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<int> row = expand(i);
    e.current.push_back(static_cast<int>(total(row)));
  }
}

// Per call of a function nothing here calls (an API whose callers are
// elsewhere): how often it runs is unknown; reported with UncalledLastUses.
// On MNN most such copies were graph builders run once per model.
struct Registry {
  std::vector<std::string> names;
  void add(std::string n) { names.push_back(n); }
  // UNCALLED: :[[@LINE-1]]:45: warning: 'n' is copied into 'push_back' at its last use
};

// Per call of an override that the translation unit calls through its base.
struct Stage {
  virtual ~Stage() = default;
  virtual void run(Splits &pts) const = 0;
};
struct SplitStage : Stage {
  void run(Splits &pts) const override {
    std::vector<std::string> parts = pts.parts;
    parts.push_back("x");
    pts.parts = parts;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'parts' is copy-assigned at its last use; move it instead
    // CHECK-FIXES: {{^}}    pts.parts = std::move(parts);{{$}}
  }
};
void run_stage(const Stage &s, Splits &pts) { s.run(pts); }

// Carried across iterations: the next one reads what the previous pushed.
void accumulate(Engine &e, int n) {
  std::vector<int> acc;
  for (int i = 0; i < n; ++i) {
    acc.push_back(i);
    e.paths.push_back(acc);
  }
}

// Declared before the loop and only read in it: every iteration copies the
// same value.
void repeat(Engine &e, int n) {
  std::vector<int> row = expand(n);
  for (int i = 0; i < n; ++i)
    e.paths.push_back(row);
}

// A handler may read it after the move threw.
void guarded(Engine &e, int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<int> v = expand(i);
    try {
      e.paths.push_back(v);
    } catch (...) {
      e.current = v;
    }
  }
}

// A member of an object whose destructor the user wrote: the destructor
// may read it after the move.
struct Logged {
  std::vector<int> ids;
  ~Logged();
};
Logged make_logged(int);
void from_logged(Engine &e, int n) {
  for (int i = 0; i < n; ++i) {
    Logged l = make_logged(i);
    e.current = l.ids;
  }
}

// Static and reference variables are not ours to move from.
void not_locals(Engine &e, std::vector<int> &out) {
  static std::vector<int> cache = expand(0);
  e.paths.push_back(cache);
  e.paths.push_back(out);
}

// Inside a macro: the text is not the user's to edit.
#define PUSH(c, v) (c).push_back(v)
void in_macro(Engine &e, int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<int> v = expand(i);
    PUSH(e.paths, v);
  }
}

// Setup: run once.
struct Owner {
  std::vector<int> ids;
  explicit Owner(int n) {
    std::vector<int> tmp = expand(n);
    ids = tmp;
  }
};

int main(int argc, char **) {
  Engine e;
  Request req;
  for (int i = 0; i < argc; ++i) {
    e.step(i, Request{});
    e.inspect(req);
    e.replace(Config{});
    e.remember(req);
    negatives(e, i);
    accumulate(e, i);
    repeat(e, i);
    sum_rows(e, i);
    guarded(e, i);
    not_locals(e, e.current);
    from_logged(e, i);
    in_macro(e, i);
    (void)batches(i);
    Splits sp;
    split_all(sp, e.paths.empty() ? std::vector<std::string>{} : std::vector<std::string>{"a"});
    (void)decode_one(i);
    (void)share_request(i);
    attention(i);
  }
  Owner o(argc);
  return static_cast<int>(o.ids.size());
}
