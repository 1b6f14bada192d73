extern char *g_cursor; // points into the string being printed
void emit(char c);     // writes through g_cursor
int print_all(char *s);
