/* admin.c: not yet written */
