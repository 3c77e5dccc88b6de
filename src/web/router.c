/* router.c: not yet written */
