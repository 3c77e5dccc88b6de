/* page_users.c: not yet written */
