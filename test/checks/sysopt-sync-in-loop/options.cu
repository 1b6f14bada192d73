// RUN: %check_sysopt_tidy %s sysopt-sync-in-loop %t -- -- %cuda_stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-sync-in-loop %t -- \
// RUN:   -config="{CheckOptions: {sysopt-sync-in-loop.DebugGuards: 'paranoid', sysopt-sync-in-loop.EntryPoints: 'handle_request'}}" -- %cuda_stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-sync-in-loop' \
// RUN:   -config="{CheckOptions: {sysopt-sync-in-loop.DebugGuards: '(('}}" -- %cuda_stubs 2>&1 \
// RUN:   | FileCheck --check-prefix=INVALID %s
// INVALID: sysopt-sync-in-loop: DebugGuards: invalid regex '((':
// RUN: %sysopt_tidy %s --checks='-*,sysopt-sync-in-loop' --dump-config -- %cuda_stubs \
// RUN:   | FileCheck --check-prefix=DUMP %s
// DUMP-DAG: sysopt-sync-in-loop.DebugGuards: 'debug|verbose|profil'
// DUMP-DAG: sysopt-sync-in-loop.CallDepth: '2'
// DUMP-DAG: sysopt-sync-in-loop.SetupFunctions: 'init;initialize;initialise;load;setup;create;open;register;configure;config;warmup;test;benchmark;print;dump;debug'

#include <cuda_runtime.h>

namespace pybind11 {
struct module_ {
  template <typename F> module_ &def(const char *name, F &&f) { return *this; }
};
} // namespace pybind11

__global__ void kernel(float *x, int n) {}

// An extension function bound to Python runs once per training step: its
// wait before returning blocks the Python thread although the caller's
// stream already orders what comes next.
void fused_op(float *d_x, int n) {
  kernel<<<64, 256>>>(d_x, n);
  cudaDeviceSynchronize();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cudaDeviceSynchronize' makes the host wait for the device on every call of 'fused_op', and nothing on the host reads what the device produced before it runs again; let the stream order the work and wait once, where the results are read [reordering/deferral] [sysopt-sync-in-loop]
  // CHECK-MESSAGES: :[[@LINE+5]]:42: note: 'fused_op' is registered here as an entry point, called once per step from Python
  // CHECK-MESSAGES-OPTS: :[[@LINE-3]]:3: warning: 'cudaDeviceSynchronize' makes the host wait for the device on every call of 'fused_op'
  // CHECK-MESSAGES-OPTS: :[[@LINE+3]]:42: note: 'fused_op' is registered here
}

void init_module(pybind11::module_ &m) { m.def("fused_op", &fused_op); }

// A function an option names as an entry point.
void handle_request(float *d_x, int n) {
  kernel<<<64, 256>>>(d_x, n);
  cudaDeviceSynchronize();
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:3: warning: 'cudaDeviceSynchronize' makes the host wait for the device on every call of 'handle_request'
  // CHECK-MESSAGES-OPTS: :[[@LINE-4]]:6: note: 'handle_request' is an entry point named by the EntryPoints option
}

// A project's own guard word: left alone with DebugGuards=paranoid, and
// reported by default.
void guarded(float *d_x, int n, int steps, bool paranoid_mode) {
  for (int i = 0; i < steps; ++i) {
    kernel<<<64, 256>>>(d_x, n);
    if (paranoid_mode)
      cudaDeviceSynchronize();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cudaDeviceSynchronize' makes the host wait for the device on every iteration
  }
}
