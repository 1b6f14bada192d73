// libtorch preprocessing: clones that are never written and by-value copies
// of request metadata. Tensors passed by value are fine (handles).
#include <torch/torch.h>
#include <iostream>
#include <string>
#include <vector>

struct ImageRequest {
  std::string model;
  std::vector<int64_t> shape;
};

static torch::Tensor standardize(const torch::Tensor &images) {
  auto x = images;
  return (x - x.mean()) / x.std();
}

static torch::Tensor prepare(torch::Tensor images, const ImageRequest &req) {
  const std::vector<int64_t> &shape = req.shape;
  return standardize(images).reshape(shape);
}

int main() {
  ImageRequest req{"resnet50", {2, 3, 4, 4}};
  float total = 0;
  for (int i = 0; i < 16; ++i) {
    torch::Tensor images = torch::arange(96, torch::kFloat) * (i + 1);
    total += prepare(images, req).sum().item<float>();
  }
  std::cout << total << "\n";
  return 0;
}
