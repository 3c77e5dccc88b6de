/* page_login.c: not yet written */
