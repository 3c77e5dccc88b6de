/* dispatch.c: not yet written */
