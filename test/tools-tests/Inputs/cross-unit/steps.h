#pragma once
#include <fstream>

// Declared here, defined in step.cpp, called from train.cpp and bound in
// ext.cpp: no unit alone sees both the loop and the work.
struct Model {
  virtual ~Model() = default;
  virtual void step(int n) = 0;
};
struct Dense : Model {
  void step(int n) override;
};
// A base with two overrides: a call of forward() could run either.
struct Layer {
  virtual ~Layer() = default;
  virtual void forward(int n) = 0;
};
struct Attention : Layer {
  void forward(int n) override;
};
struct Ffn : Layer {
  void forward(int n) override;
};
// A class template's override, instantiated in ext.cpp only.
struct Runner {
  virtual ~Runner() = default;
  virtual void run(int n) = 0;
};
template <typename T> struct TypedRunner : Runner {
  void run(int n) override;
};
Runner *make_runner();
void train_step(int n);
void per_sample(int n);
void forward_op(int n);
void write_metrics(std::ofstream &log, int step);
void init_buffers(int n);
void once_per_run(int n);
void outer(int n);
void through_setup(int n);
void report_step(int n);
