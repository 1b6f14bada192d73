// RUN: %check_sysopt_tidy %s sysopt-pageable-async-copy %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-pageable-async-copy %t -- \
// RUN:   -config="{CheckOptions: {sysopt-pageable-async-copy.SetupFunctions: 'prepare', sysopt-pageable-async-copy.CallDepth: 0, sysopt-pageable-async-copy.EntryPoints: 'initialize_cache'}}" -- %cuda_stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-pageable-async-copy' --dump-config -- %cuda_stubs \
// RUN:   | FileCheck --check-prefix=DUMP %s
// DUMP-DAG: sysopt-pageable-async-copy.SetupFunctions: 'init;initialize;initialise;load;setup;create;open;register;configure;config;warmup;test;benchmark;print;dump;debug'
// DUMP-DAG: sysopt-pageable-async-copy.CallDepth: '2'
// DUMP-DAG: sysopt-pageable-async-copy.EntryPoints: ''
// RUN: %sysopt_tidy %s --checks='-*,sysopt-pageable-async-copy' \
// RUN:   -config="{CheckOptions: {sysopt-pageable-async-copy.EntryPoints: 'a(('}}" -- %cuda_stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=INVALID %s
// INVALID: sysopt-pageable-async-copy: EntryPoints: invalid regex 'a((':

#include <cuda_runtime.h>
#include <vector>

// SetupFunctions: words of the function's name. By default "prepare" is
// not one (prepare_batch runs per step); the option makes it one.
void prepare_batch(int *d, const std::vector<int> &lengths, cudaStream_t s) {
  cudaMemcpyAsync(d, lengths.data(), lengths.size() * sizeof(int), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
}

// ... and with it, "initialize" is no longer one, unless EntryPoints
// names the function (it then runs per step).
void initialize_cache(int *d, cudaStream_t s) {
  std::vector<int> zeros(64, 0);
  cudaMemcpyAsync(d, zeros.data(), 64 * sizeof(int), cudaMemcpyHostToDevice, s);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:3: warning: 'cudaMemcpyAsync' from pageable memory
  // CHECK-MESSAGES-OPTS: :[[@LINE-4]]:6: note: 'initialize_cache' is an entry point named by the EntryPoints option
}

// CallDepth: how far up a parameter is followed. With 0 the helper's
// pointer parameter is not followed to the caller's stack array.
static void upload(void *dst, const void *src, size_t bytes, cudaStream_t s) {
  cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, s);
}
void step(int *d, int n, cudaStream_t s) {
  int h[4] = {n, n, n, n};
  upload(d, h, sizeof(h), s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'upload' copies from pageable memory with 'cudaMemcpyAsync', which is synchronous
}
