/* cli.h: the command table and the helpers every subcommand shares. */
#ifndef DV_CLI_H
#define DV_CLI_H

/* Exit codes (documented in the README and `danvan --help`). */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,      /* the operation failed; the message says why */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_CONFIG = 3,    /* bad configuration or key file */
	EXIT_DB = 4,        /* database unreachable, or schema newer/older than the binary */
};

/* Run the command line; returns the process exit code. */
int cli_main(int argc, char **argv);

#endif
