int plain_c(int x) { return x + 1; }
