/* server.c: not yet written */
