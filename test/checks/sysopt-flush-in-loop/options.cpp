// RUN: %check_sysopt_tidy %s sysopt-flush-in-loop %t -- -- %stubs
// RUN: %check_sysopt_tidy -check-suffix=OPTS %s sysopt-flush-in-loop %t -- \
// RUN:   -config="{CheckOptions: {sysopt-flush-in-loop.Terminal: false, sysopt-flush-in-loop.CallDepth: 0, sysopt-flush-in-loop.SetupFunctions: 'init', sysopt-flush-in-loop.EntryPoints: 'on_batch'}}" -- %stubs
// RUN: %sysopt_tidy %s --checks='-*,sysopt-flush-in-loop' --dump-config -- %stubs \
// RUN:   | FileCheck --check-prefix=DUMP %s
// DUMP-DAG: sysopt-flush-in-loop.Terminal: 'true'
// DUMP-DAG: sysopt-flush-in-loop.CallDepth: '2'
// DUMP-DAG: sysopt-flush-in-loop.EntryPoints: ''
// DUMP-DAG: sysopt-flush-in-loop.SetupFunctions: 'init;initialize;initialise;load;setup;create;open;register;configure;config;warmup;test;benchmark;print;dump;debug'
// DUMP-DAG: sysopt-flush-in-loop.UserHeaderRegex: ''

#include <fstream>
#include <iostream>
#include <vector>

// Terminal: false leaves std::cout alone; files are still reported.
void report(std::ofstream &out, const std::vector<int> &v) {
  for (int x : v) {
    std::cout << x << std::endl;
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'endl' flushes the stream on every iteration
    // CHECK-FIXES: {{^}}    std::cout << x << '\n';{{$}}
    // CHECK-FIXES-OPTS: {{^}}    std::cout << x << std::endl;{{$}}
    out << x << std::endl;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'endl' flushes the stream on every iteration
    // CHECK-MESSAGES-OPTS: :[[@LINE-2]]:17: warning: 'endl' flushes the stream on every iteration
    // CHECK-FIXES: {{^}}    out << x << '\n';{{$}}
    // CHECK-FIXES-OPTS: {{^}}    out << x << '\n';{{$}}
  }
}

// CallDepth: 0 stops at the loop's own function.
void write_one(std::ofstream &out, int x) {
  out << x << std::endl;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'endl' flushes the stream on every call of 'write_one'
  // CHECK-FIXES: {{^}}  out << x << '\n';{{$}}
  // CHECK-FIXES-OPTS: {{^}}  out << x << std::endl;{{$}}
}
void write_all(std::ofstream &out, const std::vector<int> &v) {
  for (int x : v)
    write_one(out, x);
}

// SetupFunctions: 'init' makes `load_table` per-step code again.
void load_table(std::ofstream &out, const std::vector<int> &v) {
  for (int x : v)
    out << x << std::endl;
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:17: warning: 'endl' flushes the stream on every iteration
  // CHECK-FIXES: {{^}}    out << x << std::endl;{{$}}
  // CHECK-FIXES-OPTS: {{^}}    out << x << '\n';{{$}}
}

// EntryPoints: a function the framework calls once per batch.
void on_batch(std::ofstream &out, int id) {
  out << id << std::endl;
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:16: warning: 'endl' flushes the stream on every call of 'on_batch'
  // CHECK-FIXES: {{^}}  out << id << std::endl;{{$}}
  // CHECK-FIXES-OPTS: {{^}}  out << id << '\n';{{$}}
}
