#include "shared.h"
long from_a() { return total({1, 2}); }
