/* cmd_areas.c: not yet written */
