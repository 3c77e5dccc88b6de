/* catalog.c: not yet written */
