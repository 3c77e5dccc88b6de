/* outbox.c: not yet written */
