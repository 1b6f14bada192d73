// An invalid regex is reported as a configuration error, and the check keeps
// working with the rest of its configuration.
// RUN: %sysopt_tidy %s --checks='-*,sysopt-redundant-copy' \
// RUN:   -config="{CheckOptions: {sysopt-redundant-copy.CheapTypes: '([', sysopt-redundant-copy.UserHeaderRegex: '(('}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s
// CHECK-DAG: sysopt-redundant-copy: invalid type regex '([':
// CHECK-DAG: sysopt-redundant-copy: invalid UserHeaderRegex '((':
// CHECK-DAG: warning: 'copy' is a copy of 's'
#include <string>
int use(const std::string &);
int f(const std::string &s) { std::string copy = s; return use(copy); }
