#include <algorithm>
#include <vector>
#include "steps.h"

static void load_weights(int n) {
  for (int i = 0; i < n; ++i)
    through_setup(i);
}

int main(int argc, char **) {
  Dense dense;
  Model *model = &dense;
  Attention attention;
  Layer *layer = &attention;
  Runner *runner = make_runner();
  std::ofstream log("metrics.txt");
  std::vector<int> samples(argc, 1);
  init_buffers(argc);
  once_per_run(argc);
  load_weights(argc);
  for (int it = 0; it < 1000; ++it) {
    train_step(argc);
    model->step(argc);
    std::for_each(samples.begin(), samples.end(), [](int s) { per_sample(s); });
    write_metrics(log, it);
    init_buffers(argc);
    outer(argc);
    report_step(it);
    layer->forward(argc);
    runner->run(argc);
  }
}
