/* parse.c: not yet written */
