/* deadline.c: not yet written */
