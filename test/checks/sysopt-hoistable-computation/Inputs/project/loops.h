#pragma once
#include <cstring>
void emit(char c);
inline void project_loop(const char *s) {
  for (size_t i = 0; i < strlen(s); ++i)
    emit(s[i]);
}
