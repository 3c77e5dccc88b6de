/* area.c: not yet written */
