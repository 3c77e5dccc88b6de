/* layout.c: not yet written */
