void reload_config(int step); // calls setenv
int count_debug_steps();
