/* workflow.c: not yet written */
