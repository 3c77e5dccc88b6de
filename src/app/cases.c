/* cases.c: not yet written */
