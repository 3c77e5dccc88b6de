/* cmd_migrate.c: not yet written */
