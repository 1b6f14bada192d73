// A training data loader on the CPU: read samples, filter captions with a
// regex, normalize, collate a batch into one contiguous (pinned, in the real
// thing) staging buffer.
#include <cstdio>
#include <cstring>
#include <regex>
#include <string>
#include <vector>

struct Sample {
  std::string path;
  std::string caption;
  std::vector<float> pixels;
  std::vector<int> labels;
};

static float normalize_sum(const std::vector<float> &pixels) {
  float s = 0.f;
  std::vector<float> mean = {0.485f, 0.456f, 0.406f};
  std::vector<float> stddev = {0.229f, 0.224f, 0.225f};
  for (size_t i = 0; i < pixels.size(); ++i) {
    // ImageNet statistics, rebuilt for every pixel.
    s += (pixels.at(i) - mean[i % 3]) / stddev[i % 3];
  }
  return s;
}

static int count_clean(const std::vector<Sample> &batch) {
  int clean = 0;
  std::regex filter("blurry|dark", std::regex::icase);
  for (const Sample &s : batch) {
    if (!std::regex_search(s.caption, filter))
      ++clean;
  }
  return clean;
}

static size_t collate(const std::vector<Sample> &batch, float *pinned) {
  size_t offset = 0;
  for (auto sample : batch) {
    const std::vector<float> &staging = sample.pixels;
    std::memcpy(pinned + offset, staging.data(), staging.size() * sizeof(float));
    offset += sample.pixels.size();
  }
  return offset;
}

int main() {
  std::vector<Sample> batch;
  for (int i = 0; i < 64; ++i)
    batch.push_back({"img_" + std::to_string(i) + ".jpg",
                     i % 5 ? "a photo of a cat" : "a blurry photo",
                     std::vector<float>(3 * 32 * 32, 0.001f * (i % 10)),
                     std::vector<int>(1, i % 10)});
  std::vector<float> pinned(64 * 3 * 32 * 32);
  double checksum = 0;
  for (int step = 0; step < 20; ++step) {
    size_t n = collate(batch, pinned.data());
    for (const Sample &s : batch)
      checksum += normalize_sum(s.pixels);
    checksum += static_cast<double>(n) + pinned[n - 1] + count_clean(batch);
  }
  std::printf("checksum %.3f\n", checksum);
  return 0;
}
