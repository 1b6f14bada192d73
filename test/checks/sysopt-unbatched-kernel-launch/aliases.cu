// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// Slices named by a local first (`float *row = out + i * n;`), as real code
// often writes them: the local stands for its initialiser when the loop never
// changes it after that.

#include <cuda_runtime.h>

__global__ void add_norms(float *terms, const float *norms, int k);
__global__ void layer(const float *in, float *out, int n);

// ---- Must flag -----------------------------------------------------------

// 1. Per-codebook kernel over slices named by locals (const_cast included).
void add_all(float *terms, const float *norms, int codebooks, int n, int k,
             cudaStream_t stream) {
  for (int m = 0; m < codebooks; m++) {
    auto terms_m = terms + m * n * k;
    auto norms_m = const_cast<float *>(norms + m * k);
    add_norms<<<n, k, 0, stream>>>(terms_m, norms_m, k);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'add_norms' is launched once per iteration on a slice of the data; {{.*}} [reordering/batching] [sysopt-unbatched-kernel-launch]
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: in this loop
  }
}

// 2. A contiguous transfer through locals: warning; no fix, the loop holds
//    the declarations too.
void upload(float *dev, const float *host, int chunks, size_t n) {
  for (int i = 0; i < chunks; ++i) {
    float *dst = dev + i * n;
    const float *src = host + i * n;
    cudaMemcpy(dst, src, n * sizeof(float), cudaMemcpyHostToDevice);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaMemcpy' copies one contiguous slice per iteration; copy the whole range with one call [reordering/batching]
  }
  // CHECK-FIXES: {{^}}    cudaMemcpy(dst, src, n * sizeof(float), cudaMemcpyHostToDevice);{{$}}
}

// 3. The buffer behind an accessor pair (`T *data()` / `const T *data()
//    const`, as in faiss's DeviceTensor or std::vector) of an object the loop
//    only reads through accessors.
template <class T> class DeviceTensor {
  T *data_;
  int size_;
public:
  T *data() { return data_; }
  const T *data() const { return data_; }
  int size() const { return size_; }
  void resize(int n);
};

void add_all_tensors(DeviceTensor<float> &terms_out, DeviceTensor<float> norms, int codebooks,
                     int n, int k, cudaStream_t stream) {
  DeviceTensor<float> local_norms = norms;
  for (int m = 0; m < codebooks; m++) {
    float *norms_m = local_norms.data() + m * k;
    add_norms<<<n, k, 0, stream>>>(terms_out.data() + m * n * k, norms_m, k);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: kernel 'add_norms' is launched once per iteration on a slice of the data; {{.*}} [reordering/batching] [sysopt-unbatched-kernel-launch]
  }
}

// ---- Must not flag -------------------------------------------------------

// 4. The same without a const twin (`float *value()` alone may allocate),
//     or with the object resized in the loop: not the same address.
struct Variable {
  float *value();
};
void add_all_values(Variable &terms, const float *norms, int codebooks, int n, int k,
                    cudaStream_t stream) {
  for (int m = 0; m < codebooks; m++)
    add_norms<<<n, k, 0, stream>>>(terms.value() + m * n * k, norms + m * k, k);
}
void add_and_resize(DeviceTensor<float> &terms, const float *norms, int codebooks, int n, int k,
                    cudaStream_t stream) {
  for (int m = 0; m < codebooks; m++) {
    add_norms<<<n, k, 0, stream>>>(terms.data() + m * n * k, norms + m * k, k);
    terms.resize(m);
  }
}

// 5. The local changes after its initialisation.
void moved(float *dev, const float *host, int chunks, size_t n) {
  for (int i = 0; i < chunks; ++i) {
    float *dst = dev + i * n;
    if (i % 2)
      dst += 1;
    cudaMemcpy(dst, host + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  }
}

// 6. A layer stack through locals: iteration l + 1 reads what l wrote.
void stack(float *acts, int layers, int n, cudaStream_t stream) {
  for (int l = 0; l < layers; ++l) {
    const float *in = acts + l * n;
    float *out = acts + (l + 1) * n;
    layer<<<1, n, 0, stream>>>(in, out, n);
  }
}

// 7. A local handed out by reference may change behind the call.
void advance(float **p);
void by_address(float *dev, const float *host, int chunks, size_t n) {
  for (int i = 0; i < chunks; ++i) {
    float *dst = dev + i * n;
    advance(&dst);
    cudaMemcpy(dst, host + i * n, n * sizeof(float), cudaMemcpyHostToDevice);
  }
}
