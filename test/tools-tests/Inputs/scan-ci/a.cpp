#include "../inc/shared.h"
int a() { return shared_size("a"); }
