/* unit.c: not yet written */
