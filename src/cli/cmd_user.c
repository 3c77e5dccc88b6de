/* cmd_user.c: not yet written */
