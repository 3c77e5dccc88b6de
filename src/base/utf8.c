/* utf8.c: not yet written */
