// A training loop's bookkeeping on the host: a scratch block for each
// step's statistics, and one metrics line per step in a log file.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

constexpr int kSteps = 20000;
constexpr std::size_t kScratchFloats = 1 << 16; // 256 KiB: malloc maps it fresh
constexpr std::size_t kPage = 1024;            // one float per 4 KiB page

static float step_loss(float *scratch, int step) {
  for (std::size_t i = 0; i < kScratchFloats; i += kPage)
    scratch[i] = std::sin(static_cast<float>(step) + static_cast<float>(i));
  float sum = 0;
  for (std::size_t i = 0; i < kScratchFloats; i += kPage)
    sum += scratch[i] * scratch[i];
  return sum / static_cast<float>(kScratchFloats / kPage);
}

int main() {
  const char *path = "metrics_example.log";
  std::ofstream log(path);
  float *scratch = nullptr;
  double total = 0;
  scratch = static_cast<float *>(std::malloc(kScratchFloats * sizeof(float)));
  for (int step = 0; step < kSteps; ++step) {
    float loss = step_loss(scratch, step);
    total += loss;
    log << step << ' ' << loss << '\n';
  }
  std::free(scratch);
  log.close();
  std::remove(path);
  std::printf("steps %d mean loss %.6f\n", kSteps, total / kSteps);
  return 0;
}
