// A training data loader on the CPU: read samples, normalize, collate a
// batch into one contiguous (pinned, in the real thing) staging buffer.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

struct Sample {
  std::string path;
  std::vector<float> pixels;
  std::vector<int> labels;
};

struct Normalization {
  std::vector<float> mean;
  std::vector<float> stddev;
};

static float normalize_sum(std::vector<float> pixels, const Normalization &norm) {
  float s = 0.f;
  for (size_t i = 0; i < pixels.size(); ++i)
    s += (pixels.at(i) - norm.mean.at(i % norm.mean.size())) / norm.stddev.at(i % norm.stddev.size());
  return s;
}

static size_t collate(const std::vector<Sample> &batch, float *pinned) {
  size_t offset = 0;
  for (auto sample : batch) {
    std::vector<float> staging = sample.pixels;
    std::memcpy(pinned + offset, staging.data(), staging.size() * sizeof(float));
    offset += sample.pixels.size();
  }
  return offset;
}

int main() {
  Normalization norm{{0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}};
  std::vector<Sample> batch;
  for (int i = 0; i < 64; ++i)
    batch.push_back({"img_" + std::to_string(i) + ".jpg",
                     std::vector<float>(3 * 32 * 32, 0.001f * (i % 10)),
                     std::vector<int>(1, i % 10)});
  std::vector<float> pinned(64 * 3 * 32 * 32);
  double checksum = 0;
  for (int step = 0; step < 50; ++step) {
    size_t n = collate(batch, pinned.data());
    for (const Sample &s : batch)
      checksum += normalize_sum(s.pixels, norm);
    checksum += static_cast<double>(n) + pinned[n - 1];
  }
  std::printf("checksum %.3f\n", checksum);
  return 0;
}
