/* demo.c: not yet written */
