/* app.c: not yet written */
