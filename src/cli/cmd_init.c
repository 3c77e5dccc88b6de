/* cmd_init.c: not yet written */
