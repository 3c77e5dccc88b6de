/* import.c: not yet written */
