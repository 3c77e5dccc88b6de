/* api.c: not yet written */
