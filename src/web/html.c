/* html.c: not yet written */
