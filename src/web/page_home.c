/* page_home.c: not yet written */
