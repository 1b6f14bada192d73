#include "shared.h"
#include <cstdio>
#include <cstdlib>
void reload_config(int step) {
  if (step == 3)
    setenv("SYSOPT_FS_DEBUG", "1", 1);
}
int main() {
  unsetenv("SYSOPT_FS_DEBUG");
  std::printf("%d\n", count_debug_steps());
}
