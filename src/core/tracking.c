/* tracking.c: not yet written */
