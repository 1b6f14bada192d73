// No standard header: std::move is not declared, so there is no fix.
struct Blob {
  int *data = nullptr;
  Blob() = default;
  Blob(const Blob &o) : data(new int(*o.data)) {}
  Blob(Blob &&o) noexcept : data(o.data) { o.data = nullptr; }
  Blob &operator=(const Blob &o) { data = new int(*o.data); return *this; }
  Blob &operator=(Blob &&o) noexcept { data = o.data; o.data = nullptr; return *this; }
  ~Blob() { delete data; }
};
Blob make();
void sink(Blob);
void consume(int n) {
  for (int i = 0; i < n; ++i) {
    Blob b = make();
    sink(b);
    // NOUTIL: :[[@LINE-1]]:10: warning: 'b' is copied at its last use; move it instead
    // NOUTIL: :[[@LINE-2]]:10: note: no fix: std::move is not declared here (include <utility>)
  }
}
int main(int argc, char **) {
  for (int i = 0; i < argc; ++i)
    consume(i);
}
