/* auth.c: not yet written */
