/* page_units.c: not yet written */
