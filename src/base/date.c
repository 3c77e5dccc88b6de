/* date.c: not yet written */
