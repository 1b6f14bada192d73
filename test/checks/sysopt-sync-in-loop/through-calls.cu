// RUN: %check_sysopt_tidy %s sysopt-sync-in-loop %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=DEPTH1 %s sysopt-sync-in-loop %t -- \
// RUN:   -config="{CheckOptions: {sysopt-sync-in-loop.CallDepth: 1}}" -- %cuda_stubs

// A wait one or two calls below a loop, or in a function bound to Python:
// reported at the wait, with a note for the loop and each call on the way.

#include <cuda_runtime.h>

__global__ void layer(float *x, int n) {}

void forward_layer(float *d_x, int n) {
  layer<<<64, 256>>>(d_x, n);
  cudaDeviceSynchronize();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaDeviceSynchronize' makes the host wait for the device on every call of 'forward_layer', and nothing on the host reads what the device produced before it runs again; let the stream order the work and wait once, after the loop [reordering/deferral] [sysopt-sync-in-loop]
  // CHECK-MESSAGES: :[[@LINE+6]]:3: note: in this loop
  // CHECK-MESSAGES: :[[@LINE+6]]:5: note: through this call to 'forward_layer'
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:3: warning: 'cudaDeviceSynchronize' makes the host wait
}

void forward(float *d_x, int n, int layers) {
  for (int l = 0; l < layers; ++l)
    forward_layer(d_x + l * n, n);
}

// Two calls down: a member function per request calls a helper that waits.
struct Engine {
  float *d_state;
  int n;
  cudaStream_t stream;
  void finish() {
    cudaStreamSynchronize(stream);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaStreamSynchronize' makes the host wait for the device on every call of 'finish'
    // CHECK-MESSAGES: :[[@LINE+10]]:3: note: in this loop
    // CHECK-MESSAGES: :[[@LINE+10]]:5: note: through this call to 'decode'
    // CHECK-MESSAGES: :[[@LINE+4]]:5: note: through this call to 'finish'
  }
  void decode() {
    layer<<<64, 256, 0, stream>>>(d_state, n);
    finish();
  }
};
void serve(Engine &e, int tokens) {
  for (int t = 0; t < tokens; ++t)
    e.decode();
}

// A helper that waits and then reads the result is left alone, and so is
// a wait on the stream the caller picks per iteration.
float read_loss(const float *d_loss) {
  float h = 0;
  cudaMemcpy(&h, d_loss, sizeof(float), cudaMemcpyDeviceToHost);
  cudaDeviceSynchronize();
  return h;
}
void wait_on(cudaStream_t s) { cudaStreamSynchronize(s); }
void epochs(float *d_x, float *d_loss, cudaStream_t *streams, int n, int steps) {
  float total = 0;
  for (int i = 0; i < steps; ++i) {
    layer<<<64, 256>>>(d_x, n);
    total += read_loss(d_loss);
  }
  for (int i = 0; i < steps; ++i) {
    layer<<<64, 256, 0, streams[i]>>>(d_x, n);
    wait_on(streams[i]);
  }
}

// Template instantiations: reported once, at the template's source.
template <typename T> void scaled(T *d_x, int n) {
  layer<<<64, 256>>>((float *)d_x, n);
  cudaDeviceSynchronize();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaDeviceSynchronize' makes the host wait for the device on every call of 'scaled<float>'
  // CHECK-MESSAGES: :[[@LINE+5]]:3: note: in this loop
  // CHECK-MESSAGES: :[[@LINE+5]]:5: note: through this call to 'scaled<float>'
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:3: warning: 'cudaDeviceSynchronize' makes the host wait
}
void scaled_loop(float *d_x, int n, int steps) {
  for (int i = 0; i < steps; ++i)
    scaled(d_x, n);
}
// Never instantiated: nothing to say.
template <typename T> void unused(T *d_x, int n, int steps) {
  for (int i = 0; i < steps; ++i) {
    layer<<<64, 256>>>((float *)d_x, n);
    cudaDeviceSynchronize();
  }
}
