/* page_account.c: not yet written */
