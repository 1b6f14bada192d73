// RUN: %check_sysopt_tidy %s sysopt-redundant-copy %t -- -- %stubs

#include <torch/torch.h>

// 1. Chained: device -> host -> device.
torch::Tensor bounce(const torch::Tensor &x) {
  return x.cpu().cuda();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: tensor is copied to the host and straight back to a device with nothing reading the host copy; keep it on the device [removal/layering] [sysopt-redundant-copy]
  // CHECK-NOTES: :[[@LINE-2]]:18: warning: tensor is copied to the host and straight back
  // CHECK-NOTES: :[[@LINE-3]]:12: note: copied to the host here
  // CHECK-NOTES: :[[@LINE-5]]:15: note: runs once per call of 'bounce'; no loop of this translation unit is seen around it
}

// 2. Through .to(kCPU) and .to(torch::kCUDA).
torch::Tensor bounce_to(const torch::Tensor &x) {
  return x.to(torch::kCPU).to(torch::kCUDA);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: tensor is copied to the host and straight back
  // CHECK-NOTES: :[[@LINE-2]]:28: warning: tensor is copied to the host and straight back
  // CHECK-NOTES: :[[@LINE-3]]:12: note: copied to the host here
  // CHECK-NOTES: :[[@LINE-5]]:15: note: runs once per call of 'bounce_to'
}

// 3. Through a host variable used nowhere else.
torch::Tensor bounce_var(const torch::Tensor &x) {
  auto host = x.cpu();
  auto back = host.to(torch::Device(torch::kCUDA, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: tensor is copied to the host and straight back
  // CHECK-NOTES: :[[@LINE-2]]:20: warning: tensor is copied to the host and straight back
  // CHECK-NOTES: :[[@LINE-4]]:17: note: copied to the host here
  // CHECK-NOTES: :[[@LINE-6]]:15: note: runs once per call of 'bounce_var'
  return back;
}

// ---- Must not flag -------------------------------------------------------

// 4. The host copy is read (a print, an item) before going back.
torch::Tensor inspected(const torch::Tensor &x) {
  auto host = x.cpu();
  float first = host.item<float>();
  return host.cuda() * first;
}

// 5. Host -> device -> host is an upload followed by a download, not this.
torch::Tensor upload(const torch::Tensor &x) { return x.cuda().cpu(); }

// 6. A plain upload.
torch::Tensor up(const torch::Tensor &x) { return x.to(torch::kCUDA); }
