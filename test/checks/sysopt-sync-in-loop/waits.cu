// RUN: %check_sysopt_tidy %s sysopt-sync-in-loop %t -- -- %cuda_stubs

// Waits on every iteration of a loop that issues device work: reported when
// the host reads nothing the device produced and needs the wait for nothing
// else (a clock, another thread, a buffer it refills). No fix-it: where the
// one wait after the loop goes is the author's call.

#include <cuda_runtime.h>

#define CUDA_CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) return; } while (0)

__global__ void step(float *x, int n) {}
__global__ void reduce(const float *x, float *out, int n) {}

// 1. The classic: a wait after each launch, the results stay on the device.
void train(float *d_x, int n, int steps) {
  for (int s = 0; s < steps; ++s) {
    step<<<64, 256>>>(d_x, n);
    cudaDeviceSynchronize();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaDeviceSynchronize' makes the host wait for the device on every iteration, and nothing on the host reads what the device produced before it runs again; let the stream order the work and wait once, after the loop [reordering/deferral] [sysopt-sync-in-loop]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop
  }
}

// 2. Wrapped in an error-checking macro, on one stream, in a while loop.
void run(float *d_x, int n, int steps, cudaStream_t s) {
  int i = 0;
  while (i < steps) {
    step<<<64, 256, 0, s>>>(d_x, n);
    CUDA_CHECK(cudaStreamSynchronize(s));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaStreamSynchronize' makes the host wait for the device on every iteration
    ++i;
  }
}

// 3. An error check after each launch, release builds too: still a wait.
void checked(float *d_x, int n, int steps) {
  for (int s = 0; s < steps; ++s) {
    step<<<64, 256>>>(d_x, n);
    cudaDeviceSynchronize();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaDeviceSynchronize' makes the host wait
    if (cudaGetLastError() != cudaSuccess)
      return;
  }
}

// 4. An event recorded and waited on per iteration, read by nothing.
void events(float *d_x, int n, int steps, cudaStream_t s, cudaEvent_t done) {
  for (int i = 0; i < steps; ++i) {
    step<<<64, 256, 0, s>>>(d_x, n);
    cudaEventRecord(done, s);
    cudaEventSynchronize(done);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaEventSynchronize' makes the host wait
  }
}

// 5. A device-to-device copy and a memset: nothing comes back to the host.
void shuffle(float *d_a, float *d_b, int n, int steps, cudaStream_t s) {
  for (int i = 0; i < steps; ++i) {
    cudaMemcpyAsync(d_b, d_a, n * sizeof(float), cudaMemcpyDeviceToDevice, s);
    cudaMemsetAsync(d_a, 0, n * sizeof(float), s);
    cudaStreamSynchronize(s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cudaStreamSynchronize' makes the host wait
  }
}

//===--- Left alone ---------------------------------------------------===//

// The host reads the result: copied back and tested.
void converge(float *d_x, float *d_err, int n, cudaStream_t s) {
  float err = 1.0f;
  while (err > 1e-3f) {
    step<<<64, 256, 0, s>>>(d_x, n);
    reduce<<<1, 256, 0, s>>>(d_x, d_err, n);
    cudaMemcpyAsync(&err, d_err, sizeof(float), cudaMemcpyDeviceToHost, s);
    cudaStreamSynchronize(s);
  }
}

// Mapped (or managed) memory the kernel writes and the host reads.
void mapped(float *h_flag, float *d_x, int n, int steps) {
  for (int i = 0; i < steps; ++i) {
    reduce<<<1, 256>>>(d_x, h_flag, n);
    cudaDeviceSynchronize();
    if (h_flag[0] > 0)
      break;
  }
}

// The host refills a staging buffer the previous copy may still read.
void upload(float *h_stage, float *d_x, int n, int steps, cudaStream_t s) {
  for (int i = 0; i < steps; ++i) {
    for (int j = 0; j < n; ++j)
      h_stage[j] = i + j;
    cudaMemcpyAsync(d_x, h_stage, n * sizeof(float), cudaMemcpyHostToDevice, s);
    step<<<64, 256, 0, s>>>(d_x, n);
    cudaStreamSynchronize(s);
  }
}

// The same, with the staging buffer reached through a pointer made from it.
void upload_alias(float *h_stage, float *d_x, int n, int steps, cudaStream_t s) {
  for (int i = 0; i < steps; ++i) {
    float *src = h_stage + n;
    cudaMemcpyAsync(d_x, src, n * sizeof(float), cudaMemcpyHostToDevice, s);
    step<<<64, 256, 0, s>>>(d_x, n);
    cudaStreamSynchronize(s);
    h_stage[n] = 0;
  }
}

// A timed loop: the wait is what makes the clock right.
void timed(float *d_x, int n, int steps, cudaEvent_t start, cudaEvent_t stop) {
  for (int i = 0; i < steps; ++i) {
    cudaEventRecord(start);
    step<<<64, 256>>>(d_x, n);
    cudaEventRecord(stop);
    cudaEventSynchronize(stop);
    float ms = 0;
    cudaEventElapsedTime(&ms, start, stop);
  }
}

// A function that times its loop with a clock or a timer helper.
void sdkStartTimer(void **timer);
void sdkStopTimer(void **timer);
void benchmark(float *d_x, int n, int steps, void **timer) {
  sdkStartTimer(timer);
  for (int i = 0; i < steps; ++i) {
    step<<<64, 256>>>(d_x, n);
    cudaDeviceSynchronize();
  }
  sdkStopTimer(timer);
}

// One wait per stream or device: the final wait for each.
void drain(cudaStream_t *streams, int count) {
  for (int i = 0; i < count; ++i)
    cudaStreamSynchronize(streams[i]);
}
void per_device(float **d_x, int n, int devices) {
  for (int d = 0; d < devices; ++d) {
    cudaSetDevice(d);
    step<<<64, 256>>>(d_x[d], n);
    cudaDeviceSynchronize();
  }
}

// A loop that issues no device work waits for work issued before it.
void poll(cudaStream_t s, int tries) {
  for (int i = 0; i < tries; ++i)
    cudaStreamSynchronize(s);
}

// Fewer than four iterations: not a repeated path.
void twice(float *d_x, int n) {
  for (int i = 0; i < 2; ++i) {
    step<<<64, 256>>>(d_x, n);
    cudaDeviceSynchronize();
  }
}

// Under a debug guard: a preprocessor block, a runtime flag, a macro.
#define DEBUG_SYNC() cudaDeviceSynchronize()
void guarded(float *d_x, int n, int steps, bool debug_sync) {
  for (int i = 0; i < steps; ++i) {
    step<<<64, 256>>>(d_x, n);
#ifndef NDEBUG
    cudaDeviceSynchronize();
#endif
    if (debug_sync)
      cudaDeviceSynchronize();
    DEBUG_SYNC();
  }
}

// A function the translation unit cannot see gets the host buffer the
// host then reads: it may have queued a copy into it.
void fetch(float *host, const float *dev, int n);
void opaque(float *h_out, float *d_x, int n, int steps) {
  for (int i = 0; i < steps; ++i) {
    step<<<64, 256>>>(d_x, n);
    fetch(h_out, d_x, n);
    cudaDeviceSynchronize();
    h_out[0] += 1;
  }
}

// Loops of setup and teardown code run once: a destructor releasing its
// buffers, an init function warming up each device.
__global__ void touch(float *x) {}
struct BufferSet {
  float *bufs[8];
  cudaStream_t s;
  ~BufferSet() {
    for (int i = 0; i < 8; ++i) {
      touch<<<1, 1, 0, s>>>(bufs[i]);
      cudaStreamSynchronize(s);
    }
  }
};
void init_buffers(float **bufs, int n, cudaStream_t s) {
  for (int i = 0; i < n; ++i) {
    touch<<<1, 1, 0, s>>>(bufs[i]);
    cudaStreamSynchronize(s);
  }
}
