// RUN: %check_sysopt_tidy %s sysopt-host-tensor-to-device %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-host-tensor-to-device %t -- \
// RUN:   -config="{CheckOptions: {sysopt-host-tensor-to-device.CallDepth: 0, sysopt-host-tensor-to-device.SetupFunctions: 'init', sysopt-host-tensor-to-device.EntryPoints: 'forward'}}" -- %stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-host-tensor-to-device' --dump-config -- %stubs \
// RUN:   | FileCheck --check-prefix=DUMP %s
// DUMP-DAG: sysopt-host-tensor-to-device.CallDepth: '2'
// DUMP-DAG: sysopt-host-tensor-to-device.EntryPoints: ''
// DUMP-DAG: sysopt-host-tensor-to-device.SetupFunctions: 'init;initialize;initialise;load;setup;create;open;register;configure;config;warmup;test;benchmark;print;dump;debug'
// DUMP-DAG: sysopt-host-tensor-to-device.UserHeaderRegex: ''

#include <torch/torch.h>

// CallDepth: 0 stops at the loop's own function.
torch::Tensor bias(int n) {
  return torch::ones({n}).cuda();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'ones' builds the tensor on the host and 'cuda' copies it to the device on every call of 'bias'
  // CHECK-FIXES: {{^}}  return torch::ones({n}, torch::TensorOptions().device(torch::kCUDA));{{$}}
  // CHECK-FIXES-OPTS: {{^}}  return torch::ones({n}).cuda();{{$}}
}
void layers(int n, int depth) {
  for (int l = 0; l < depth; ++l)
    bias(n);
}

// SetupFunctions: 'init' makes `load_weights` per-step code.
void load_weights(int n, int count) {
  for (int i = 0; i < count; ++i)
    torch::zeros({n}).cuda();
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:5: warning: 'zeros' builds the tensor on the host
  // CHECK-FIXES-OPTS: {{^}}    torch::zeros({n}, torch::TensorOptions().device(torch::kCUDA));{{$}}
}

// EntryPoints: a function called once per batch from Python (without a
// tensor parameter, it is not recognised as an operator).
torch::Tensor forward(int n) {
  return torch::ones({n}) + torch::zeros({4}).to(torch::kCUDA);
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:29: warning: 'zeros' builds the tensor on the host and 'to' copies it to the device on every call of 'forward'
  // CHECK-FIXES-OPTS: {{^}}  return torch::ones({n}) + torch::zeros({4}, torch::TensorOptions().device(torch::kCUDA));{{$}}
}
