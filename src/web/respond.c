/* respond.c: not yet written */
