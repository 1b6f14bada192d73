#include "shared.h"
#include <cstdio>
char *g_cursor;
void emit(char c) {
  std::putchar(c);
  if (c == 'c')
    g_cursor[3] = '\0'; // the string gets shorter while it is printed
}
int main() {
  char text[] = "abcdefgh";
  g_cursor = text;
  int n = print_all(text);
  std::printf("\n%d\n", n);
}
