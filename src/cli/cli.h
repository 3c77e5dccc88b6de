/* cli.h: the command table and the helpers every subcommand shares. */
#ifndef DV_CLI_H
#define DV_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/app.h"
#include "app/config.h"
#include "base/date.h"
#include "base/err.h"
#include "base/msg.h"

/* Exit codes (documented in the README and `danvan --help`). */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,   /* the operation failed; the message says why */
	EXIT_USAGE = 2,  /* bad command line */
	EXIT_CONFIG = 3, /* bad configuration or key file */
	EXIT_DB = 4,     /* database unreachable, or schema newer/older than the binary */
};

/* Run the command line; returns the process exit code. */
int cli_main(int argc, char **argv);

/* Subcommands: argv[0] is the command's name; each returns an enum cli_exit. */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_areas(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_deadline(int argc, char **argv);
int cmd_holidays(int argc, char **argv);
int cmd_aggregates(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_activities(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_routes(int argc, char **argv);

/* Open the configured database and check its schema: an exit code, or -1 to go on. */
int cli_open_checked(struct app *app, struct db **db);
/* Parse YYYY-MM-DD, printing why not (then false). */
bool cli_parse_date(const char *s, dv_date *out);

/*
 * A command's own option. Options with an argument (`arg` set, the placeholder for help) store
 * a borrowed argv pointer in *value; flags set *flag. Tables end with a NULL name.
 */
struct cli_opt {
	const char *name; /* without the leading "--" */
	const char *arg;  /* NULL for a flag */
	const char **value;
	bool *flag;
};

/* The outcome of cli_parse(): the configuration and the positional arguments. */
struct cli_args {
	struct config cfg; /* owned: defaults < --config FILE < environment < flags */
	char **pos;        /* borrowed from argv */
	int npos;
};

/*
 * Parse argv (argv[0] is the command name, `cmd` the name used in messages, e.g. "user add"):
 * the command's `opts` (may be NULL), the global options (--config FILE, --help, and every
 * configuration key as --key=value or --key value), and positional arguments; then load the
 * configuration. Returns -1 to go on (then call cli_args_release), otherwise the exit
 * code to return at once (after --help, or with a message already printed).
 */
int cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts,
              struct cli_args *out);
/* cli_parse() for a command that takes no positional arguments: one is a usage error. */
int cli_parse_bare(const char *cmd, int argc, char **argv, const struct cli_opt *opts,
                   struct cli_args *out);
/* Free what a successful cli_parse() allocated (the config and the positional array). */
void cli_args_release(struct cli_args *a);

/* The language of the CLI's messages: DANVAN_LANG, else LANG starting with "vi", else English. */
enum lang cli_lang(void);

/*
 * Print a catalogue message to `f`, replacing {1}, {2}, ... with the NULL-terminated string
 * arguments, and a newline.
 */
void cli_say(FILE *f, enum msg_id id, ...);
/* Same, as "danvan: error: ..." on stderr. */
void cli_error_msg(enum msg_id id, ...);
/* Print "danvan: error: DETAIL" for a failed call and return the exit code for its kind. */
int cli_fail(const struct dv_error *e);
/* The exit code for an error kind (DV_ESCHEMA, DV_EUNAVAIL -> EXIT_DB, DV_ECONFIG -> ...). */
int cli_exit_for(enum dv_err code);

/* True when `list` is comma-separated two-digit province codes ("01,79"); else prints why. */
bool cli_check_provinces(const char *list);

/* Report a boundary load (app/geo.h) on stdout: what was stored, matched nothing, is missing. */
struct geo_stats;
void cli_say_shapes(const struct geo_stats *st);

/* Progress callback writing "\rWHAT: DONE/TOTAL" to stderr (a newline when done). */
void cli_progress(const char *what, size_t done, size_t total, void *arg);

/*
 * Read one line (a password) from stdin without its newline into buf; false on EOF or when
 * the line does not fit.
 */
bool cli_read_line(char *buf, size_t size);

/*
 * The steps of `danvan init` shared with `danvan demo`: create the key file, open (creating)
 * the database, refuse one that has a schema already, migrate, create the nation area and the
 * root unit, and an administrator `admin_login` whose generated password goes to `password`
 * (size >= 32). On success *db is open and *root_id set. Prints progress to stderr. Returns an
 * exit code.
 */
int cli_init_steps(struct app *app, const char *admin_login, struct db **db, int64_t *root_id,
                   char *password, size_t size);

#endif
