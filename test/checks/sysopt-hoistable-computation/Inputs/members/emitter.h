// A class whose member has the name a hoist would pick for strlen(s).
#include <string>
struct EmitterBase {
  int s_len = 3;
};
