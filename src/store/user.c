/* user.c: not yet written */
