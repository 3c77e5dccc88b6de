/* cmd_user.c: `danvan user`: add, list, disable, enable, reset passwords, make API tokens. */
#include "cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "app/auth.h"
#include "base/arena.h"
#include "core/scope.h"
#include "store/migrate.h"
#include "store/unit.h"
#include "store/user.h"

#include "base/banned.h"

/* Options of every `user` subcommand; each subcommand checks which it accepts. */
struct user_opts {
	const char *unit, *role, *name, *password, *days;
	bool password_stdin;
};

/* Open the configured database and check its schema; an exit code, or -1 to go on. */
static int open_checked(struct app *app, struct db **db)
{
	struct dv_error e = DV_ERROR_INIT;

	if (app_open_db(app, false, db, &e) != DV_OK) {
		if (e.code == DV_ENOTFOUND)
			cli_error_msg(M_CLI_DB_MISSING, app->cfg.db, NULL);
		else
			cli_fail(&e);
		return EXIT_DB;
	}
	if (migrate_check(*db, &e) != DV_OK) {
		cli_fail(&e);
		return EXIT_DB;
	}
	return -1;
}

static bool parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno || v <= 0)
		return false;
	*out = (int64_t)v;
	return true;
}

/*
 * The password for add/passwd: --password, --password-stdin, or a generated one (then
 * *generated is set and the caller prints it once). Returns an exit code or -1.
 */
static int get_password(const struct user_opts *o, char *buf, size_t size, bool *generated)
{
	*generated = false;
	if (o->password && o->password_stdin) {
		cli_error_msg(M_CLI_PASSWORD_TWICE, NULL);
		return EXIT_USAGE;
	}
	if (o->password) {
		if (strlen(o->password) >= size) {
			cli_error_msg(M_CLI_PASSWORD_LONG, NULL);
			return EXIT_USAGE;
		}
		snprintf(buf, size, "%s", o->password);
	} else if (o->password_stdin) {
		if (!cli_read_line(buf, size)) {
			cli_error_msg(M_CLI_PASSWORD_STDIN, NULL);
			return EXIT_USAGE;
		}
	} else {
		app_random_password(buf, 21);
		*generated = true;
	}
	return -1;
}

static int user_by_login(struct db *db, const char *login, struct arena *a, struct user *u)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();

	if (user_get_by_login(db, &sc, login, a, u, &e) != DV_OK) {
		if (e.code == DV_ENOTFOUND)
			cli_error_msg(M_CLI_NO_SUCH_USER, login, NULL);
		else
			cli_fail(&e);
		return e.code == DV_ENOTFOUND ? EXIT_FAIL : cli_exit_for(e.code);
	}
	return -1;
}

static int user_add(struct app *app, struct db *db, const char *login, const struct user_opts *o)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	char password[AUTH_PASSWORD_MAX + 2];
	bool generated;
	int64_t unit, id;
	int rc;

	if (!o->unit || !o->role) {
		cli_error_msg(M_CLI_ADD_NEEDS, NULL);
		return EXIT_USAGE;
	}
	if (!parse_id(o->unit, &unit)) {
		cli_error_msg(M_CLI_BAD_ID, o->unit, "--unit", NULL);
		return EXIT_USAGE;
	}
	if (role_parse(o->role) == ROLE_NONE) {
		cli_error_msg(M_CLI_BAD_ROLE, o->role, NULL);
		return EXIT_USAGE;
	}
	rc = get_password(o, password, sizeof(password), &generated);
	if (rc >= 0)
		return rc;
	if (app_user_create(app, db, &sc, "cli", login, o->name ? o->name : login, unit, o->role,
	                    password, &id, &e) != DV_OK)
		return cli_fail(&e);
	cli_say(stdout, M_CLI_USER_ADDED, login, o->role, NULL);
	if (generated) {
		cli_say(stdout, M_CLI_PASSWORD_ONCE, NULL);
		printf("  %s\n", password);
	}
	return EXIT_OK;
}

/* True when unit `id` is `root` or below it. */
static bool under(struct db *db, int64_t id, int64_t root, struct arena *a)
{
	struct scope sc = scope_system();
	struct unit *anc;
	size_t n, i;

	if (id == root)
		return true;
	if (unit_ancestors(db, &sc, id, a, &anc, &n, NULL) != DV_OK)
		return false;
	for (i = 0; i < n; i++)
		if (anc[i].id == root)
			return true;
	return false;
}

static int user_list_cmd(struct db *db, const struct user_opts *o, struct arena *a)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	struct user *users;
	size_t n, i, offset = 0;
	int64_t total = 0, root = 0;
	enum lang lang = cli_lang();

	if (o->unit && !parse_id(o->unit, &root)) {
		cli_error_msg(M_CLI_BAD_ID, o->unit, "--unit", NULL);
		return EXIT_USAGE;
	}
	printf("%-24s %-13s %-9s %7s  %s\n", "LOGIN", "ROLE", "STATUS", "UNIT", "NAME");
	do {
		if (user_list(db, &sc, 500, offset, a, &users, &n, &total, &e) != DV_OK)
			return cli_fail(&e);
		for (i = 0; i < n; i++) {
			const struct user *u = &users[i];

			if (root && !under(db, u->unit_id, root, a))
				continue;
			printf("%-24s %-13s %-9s %7" PRId64 "  %s (%s)\n", u->login,
			       role_name(u->role) ? role_name(u->role) : "?",
			       msg(lang, u->active ? M_CLI_ACTIVE : M_CLI_DISABLED), u->unit_id,
			       u->display_name, u->unit_name ? u->unit_name : "");
		}
		offset += n;
	} while (n > 0 && (int64_t)offset < total);
	return EXIT_OK;
}

static int user_set_active_cmd(struct app *app, struct db *db, const char *login, bool active,
                               struct arena *a)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	struct user u;
	int rc = user_by_login(db, login, a, &u);

	if (rc >= 0)
		return rc;
	if (app_user_set_active(app, db, &sc, "cli", u.id, active, &e) != DV_OK)
		return cli_fail(&e);
	cli_say(stdout, active ? M_CLI_USER_ENABLED : M_CLI_USER_DISABLED, login, NULL);
	return EXIT_OK;
}

static int user_passwd(struct app *app, struct db *db, const char *login, const struct user_opts *o,
                       struct arena *a)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	char password[AUTH_PASSWORD_MAX + 2];
	bool generated;
	struct user u;
	int rc = user_by_login(db, login, a, &u);

	if (rc >= 0)
		return rc;
	rc = get_password(o, password, sizeof(password), &generated);
	if (rc >= 0)
		return rc;
	if (app_user_set_password(app, db, &sc, "cli", u.id, password, &e) != DV_OK)
		return cli_fail(&e);
	cli_say(stdout, M_CLI_PASSWORD_SET, login, NULL);
	if (generated) {
		cli_say(stdout, M_CLI_PASSWORD_ONCE, NULL);
		printf("  %s\n", password);
	}
	return EXIT_OK;
}

static int user_token(struct app *app, struct db *db, const char *login, const struct user_opts *o,
                      struct arena *a)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc;
	struct user u;
	int64_t days = 0, id;
	char *raw;
	int rc = user_by_login(db, login, a, &u);

	if (rc >= 0)
		return rc;
	if (o->days && (!parse_id(o->days, &days) || days > 3650)) {
		cli_error_msg(M_CLI_BAD_DAYS, o->days, NULL);
		return EXIT_USAGE;
	}
	if (!u.active) {
		cli_error_msg(M_CLI_USER_INACTIVE, login, NULL);
		return EXIT_FAIL;
	}
	/* The token acts as the user, so it is made in the user's own scope. */
	sc = scope_for_user(u.id, u.unit_id, u.role);
	if (auth_token_create(app, db, &sc, o->name ? o->name : "cli", (int)days, a, &raw, &id,
	                      &e) != DV_OK)
		return cli_fail(&e);
	printf("%s\n", raw);
	return EXIT_OK;
}

/* Which options each subcommand accepts, by letter: u(nit) r(ole) n(ame) p(assword) d(ays). */
static const struct {
	const char *name;
	bool login;
	const char *accepts;
} subs[] = {
    {"add", true, "urnp"}, {"list", false, "u"},  {"disable", true, ""},
    {"enable", true, ""},  {"passwd", true, "p"}, {"token", true, "nd"},
};

int cmd_user(int argc, char **argv)
{
	struct user_opts o = {0};
	struct cli_opt opts[] = {
	    {"unit", "ID", &o.unit, NULL},
	    {"role", "ROLE", &o.role, NULL},
	    {"name", "NAME", &o.name, NULL},
	    {"password", "PASSWORD", &o.password, NULL},
	    {"password-stdin", NULL, NULL, &o.password_stdin},
	    {"days", "N", &o.days, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	struct arena *a = NULL;
	const char *sub, *login = NULL, *acc;
	char cmdname[32];
	size_t s;
	int rc;

	rc = cli_parse("user", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (args.npos < 1) {
		cli_error_msg(M_CLI_USER_SUB, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	sub = args.pos[0];
	for (s = 0; s < sizeof(subs) / sizeof(subs[0]); s++)
		if (!strcmp(subs[s].name, sub))
			break;
	if (s == sizeof(subs) / sizeof(subs[0])) {
		cli_error_msg(M_CLI_USER_SUB, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	snprintf(cmdname, sizeof(cmdname), "user %s", sub);
	acc = subs[s].accepts;
	if (args.npos != (subs[s].login ? 2 : 1)) {
		cli_error_msg(subs[s].login ? M_CLI_NEEDS_LOGIN : M_CLI_EXTRA_ARGUMENT,
		              subs[s].login ? cmdname : args.pos[1], cmdname, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (subs[s].login)
		login = args.pos[1];
	if ((o.unit && !strchr(acc, 'u')) || (o.role && !strchr(acc, 'r')) ||
	    (o.name && !strchr(acc, 'n')) ||
	    ((o.password || o.password_stdin) && !strchr(acc, 'p')) ||
	    (o.days && !strchr(acc, 'd'))) {
		cli_error_msg(M_CLI_OPTION_NOT_HERE, cmdname, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	a = arena_new();
	if (!a) {
		fprintf(stderr, "danvan: error: out of memory\n");
		rc = EXIT_FAIL;
		goto cleanup;
	}
	rc = open_checked(&app, &db);
	if (rc >= 0)
		goto cleanup;
	if (!strcmp(sub, "add"))
		rc = user_add(&app, db, login, &o);
	else if (!strcmp(sub, "list"))
		rc = user_list_cmd(db, &o, a);
	else if (!strcmp(sub, "disable"))
		rc = user_set_active_cmd(&app, db, login, false, a);
	else if (!strcmp(sub, "enable"))
		rc = user_set_active_cmd(&app, db, login, true, a);
	else if (!strcmp(sub, "passwd"))
		rc = user_passwd(&app, db, login, &o, a);
	else
		rc = user_token(&app, db, login, &o, a);
cleanup:
	arena_free(a);
	db_close(db);
	app_release(&app);
	return rc;
}
