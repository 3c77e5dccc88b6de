/* cmd_serve.c: not yet written */
