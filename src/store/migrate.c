/* migrate.c: not yet written */
