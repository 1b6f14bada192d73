//===- bench_main.cpp - Google Benchmark of one example, before or after --===//
//
// Linked once with an example's "before" source and once with its "after"
// source (the one sysopt-tidy's fix-its produce), each compiled with
// -Dmain=sysopt_example_main. The benchmark runs the whole example program
// with its output discarded; scripts/bench-examples.sh compares the two.
//
//===----------------------------------------------------------------------===//
#include <benchmark/benchmark.h>
#include <cstdio>

int sysopt_example_main();

static void BM_Example(benchmark::State &State) {
  // The examples print a checksum; keep it off the benchmark's output.
  std::FILE *Null = std::freopen("/dev/null", "w", stdout);
  (void)Null;
  for (auto _ : State)
    benchmark::DoNotOptimize(sysopt_example_main());
}
BENCHMARK(BM_Example)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
