// RUN: %check_sysopt_tidy %s sysopt-alloc-in-loop %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-alloc-in-loop %t -- \
// RUN:   -config="{CheckOptions: {sysopt-alloc-in-loop.MinHostBytes: 1024, sysopt-alloc-in-loop.CallDepth: 0, sysopt-alloc-in-loop.EntryPoints: 'handle_request'}}" -- %cuda_stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-alloc-in-loop' --dump-config -- %cuda_stubs \
// RUN:   | FileCheck --check-prefix=DUMP %s
// DUMP-DAG: sysopt-alloc-in-loop.MinHostBytes: '131072'
// DUMP-DAG: sysopt-alloc-in-loop.CallDepth: '2'
// DUMP-DAG: sysopt-alloc-in-loop.EntryPoints: ''
// DUMP-DAG: sysopt-alloc-in-loop.SetupFunctions: 'init;initialize;initialise;load;setup;create;open;register;configure;config;warmup;test;benchmark;print;dump;debug'
// RUN: %sysopt_tidy %s --checks='-*,sysopt-alloc-in-loop' \
// RUN:   -config="{CheckOptions: {sysopt-alloc-in-loop.EntryPoints: 'x(('}}" -- %cuda_stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=INVALID %s
// INVALID: sysopt-alloc-in-loop: EntryPoints: invalid regex 'x((':

#include <cuda_runtime.h>
#include <stdlib.h>

// MinHostBytes: 4 KiB is below the default 128 KiB, above 1 KiB.
void tokens(int steps) {
  for (int i = 0; i < steps; ++i) {
    char *buf = (char *)malloc(4096);
    // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:25: warning: 'malloc' allocates host memory on every iteration
    buf[0] = 0;
    free(buf);
  }
}
// CHECK-FIXES-OPTS: char *buf = (char *)malloc(4096);
// CHECK-FIXES-OPTS: buf[0] = 0;

// CallDepth 0: a helper called from a loop is not followed.
static void helper(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaMalloc' allocates device memory on every call of 'helper'
  cudaFree(d);
}
void loop(int n, int steps) {
  for (int i = 0; i < steps; ++i)
    helper(n);
}

// EntryPoints: a request handler called from elsewhere.
void handle_request(int n) {
  float *d = nullptr;
  cudaMalloc(&d, n);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:3: warning: 'cudaMalloc' allocates device memory on every call of 'handle_request'
  cudaFree(d);
}
