// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// Inference engines keep buffers, sizes and streams in members: `this->f`
// is as invariant as a local when the loop leaves it (and `*this`) alone.

#include <cuda_runtime.h>

struct Context {
  cudaStream_t stream;
  const cudaStream_t &get_stream() const { return stream; }
  cudaStream_t next_stream();
};
struct Config { int beam_size, max_step, hidden; };

class Decoder {
  Context *ctx_;
  Config cfg_;
  int *out_, *tokens_, *scratch_;
  float *weights_;
  size_t chunk_;
  void reset();
  int budget() const;

public:
  // ---- Must flag ---------------------------------------------------------

  // 1. Strided rows (pitch max_step -> len): one cudaMemcpy2DAsync.
  void gather_outputs(int batch, int len) {
    for (int b = 0; b < batch; b++)
      for (int k = 0; k < cfg_.beam_size; k++)
        cudaMemcpyAsync(out_ + (b * cfg_.beam_size + k) * len,
                        tokens_ + (b * cfg_.beam_size + k) * cfg_.max_step,
                        len * sizeof(int), cudaMemcpyDefault, ctx_->get_stream());
    // CHECK-MESSAGES: :[[@LINE-3]]:9: warning: 'cudaMemcpyAsync' copies one slice per iteration; pack the slices into one buffer (or use cudaMemcpy2D for a fixed stride) and copy once [reordering/batching] [sysopt-unbatched-kernel-launch]
    // CHECK-MESSAGES: :[[@LINE-5]]:7: note: in this loop
  }

  // 2. Contiguous chunks of a member buffer: the whole-range fix.
  void upload(const float *host, int chunks) {
    for (int i = 0; i < chunks; ++i)
      cudaMemcpy(weights_ + i * chunk_, host + i * chunk_, chunk_ * sizeof(float),
                 cudaMemcpyHostToDevice);
    // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'cudaMemcpy' copies one contiguous slice per iteration; copy the whole range with one call [reordering/batching]
    // CHECK-FIXES: {{^}}    if ((chunks) > 0)
    // CHECK-FIXES-NEXT: {{^}}      cudaMemcpy(weights_, host, static_cast<size_t>(chunks) * (chunk_ * sizeof(float)), cudaMemcpyHostToDevice);
  }

  // ---- Must not flag -----------------------------------------------------

  // 3. The loop moves the member pointer itself.
  void advance(const float *host, int chunks) {
    for (int i = 0; i < chunks; ++i) {
      cudaMemcpy(weights_ + i * chunk_, host + i * chunk_, chunk_ * sizeof(float),
                 cudaMemcpyHostToDevice);
      chunk_ = chunk_ / 2 + 1;
    }
  }

  // 4. A non-const member function may change any member.
  void with_reset(const float *host, int chunks) {
    for (int i = 0; i < chunks; ++i) {
      cudaMemcpy(weights_ + i * chunk_, host + i * chunk_, chunk_ * sizeof(float),
                 cudaMemcpyHostToDevice);
      reset();
    }
  }

  // 5. `this` handed to a function, or captured by a lambda.
  void escaping(const float *host, int chunks, void (*observe)(Decoder *)) {
    for (int i = 0; i < chunks; ++i) {
      cudaMemcpy(weights_ + i * chunk_, host + i * chunk_, chunk_ * sizeof(float),
                 cudaMemcpyHostToDevice);
      observe(this);
    }
    for (int i = 0; i < chunks; ++i) {
      cudaMemcpy(weights_ + i * chunk_, host + i * chunk_, chunk_ * sizeof(float),
                 cudaMemcpyHostToDevice);
      auto f = [this] { reset(); };
      f();
    }
  }

  // 6. A stream that changes per iteration (non-const getter).
  void rotating(const float *host, int chunks) {
    for (int i = 0; i < chunks; ++i)
      cudaMemcpyAsync(weights_ + i * chunk_, host + i * chunk_, chunk_ * sizeof(float),
                      cudaMemcpyHostToDevice, ctx_->next_stream());
  }

  // 7. A move inside one buffer (compaction): iterations may overlap.
  void compact(int batch, int len) {
    for (int b = 0; b < batch; b++)
      cudaMemcpyAsync(scratch_ + b * cfg_.hidden, scratch_ + (b * len + len - 1) * cfg_.hidden,
                      cfg_.hidden * sizeof(int), cudaMemcpyDefault, ctx_->get_stream());
  }
};
