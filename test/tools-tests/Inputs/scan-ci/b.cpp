#include "../src/../inc/shared.h"
int b() { return shared_size("b"); }
