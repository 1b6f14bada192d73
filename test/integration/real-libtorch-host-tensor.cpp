// sysopt-host-tensor-to-device and sysopt-flush-in-loop on Debian's
// libtorch 1.13 headers: the fixes compile against the real TensorOptions,
// Device and stream declarations.
// REQUIRES: libtorch
// RUN: %check_sysopt_tidy %s sysopt-host-tensor-to-device,sysopt-flush-in-loop %t -- -- %torch_real

#include <torch/torch.h>
#include <fstream>
#include <vector>

torch::Tensor decode(torch::Tensor logits, torch::Device device, int steps, int vocab,
                     std::ofstream &log) {
  for (int s = 0; s < steps; ++s) {
    torch::Tensor mask = torch::zeros({vocab}, torch::kHalf).to(torch::kCUDA);
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'zeros' builds the tensor on the host and 'to' copies it to the device on every iteration
    // CHECK-FIXES: {{^}}    torch::Tensor mask = torch::zeros({vocab}, torch::TensorOptions(torch::kHalf).device(torch::kCUDA));{{$}}
    torch::Tensor pos = torch::arange(vocab).to(device);
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'arange' builds the tensor on the host
    // CHECK-FIXES: {{^}}    torch::Tensor pos = torch::arange(vocab, torch::TensorOptions().device(device));{{$}}
    torch::Tensor bias = at::ones({vocab}).cuda();
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'ones' builds the tensor on the host and 'cuda' copies it
    // CHECK-FIXES: {{^}}    torch::Tensor bias = at::ones({vocab}, at::TensorOptions().device(at::kCUDA));{{$}}
    logits = logits + mask + pos + bias;
    log << s << std::endl;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'endl' flushes the stream on every iteration
    // CHECK-FIXES: {{^}}    log << s << '\n';{{$}}
  }
  return logits;
}
