/* db_sqlite.c: not yet written */
