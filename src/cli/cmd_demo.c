/* cmd_demo.c: not yet written */
