/* session.c: not yet written */
