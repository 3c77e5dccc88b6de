/* cli.c: the command table, help, option parsing and the helpers shared by the subcommands. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "danvan_version.h"

#include "base/banned.h"

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	enum msg_id summary;
	const char *usage; /* synopsis lines, and the command's own options */
};

static const struct cli_cmd commands[] = {
    {"init", cmd_init, M_CLI_SUM_INIT,
     "danvan init [--db URL] [--key-file FILE] [--admin LOGIN]\n"
     "  --admin LOGIN          login of the first administrator (default 'admin')\n"},
    {"serve", cmd_serve, M_CLI_SUM_SERVE,
     "danvan serve [--listen ADDR:PORT] [--db URL] [--config FILE]\n"},
    {"migrate", cmd_migrate, M_CLI_SUM_MIGRATE,
     "danvan migrate [--status] [--db URL]\n"
     "danvan migrate --copy-from sqlite:PATH --db postgresql://USER@HOST/NAME\n"
     "  --status               only print the current and latest versions\n"
     "  --copy-from URL        copy every row of that database into the --db one, which must\n"
     "                         be empty (its schema is created first), then verify the row\n"
     "                         counts and the closure tables; all or nothing\n"},
    {"user", cmd_user, M_CLI_SUM_USER,
     "danvan user add LOGIN --unit ID --role ROLE [--name NAME] [--password-stdin]\n"
     "danvan user list [--unit ID]\n"
     "danvan user disable LOGIN\n"
     "danvan user enable LOGIN\n"
     "danvan user passwd LOGIN [--password-stdin]\n"
     "danvan user token LOGIN [--name NAME] [--days N]\n"
     "  --unit ID              the user's unit (add), or the subtree to list (list)\n"
     "  --role ROLE            officer, settler, leader, inspector or administrator\n"
     "  --name NAME            display name (add), or the token's name (token)\n"
     "  --password-stdin       read the password from the first line of stdin\n"
     "  --password PASSWORD    the password itself (visible to other local users: avoid)\n"
     "  --days N               the token expires after N days (default: never)\n"
     "A password not given is generated and printed once. 'user token' prints only the\n"
     "token, for scripts.\n"},
    {"areas", cmd_areas, M_CLI_SUM_AREAS,
     "danvan areas import FILE.json [--centroids FILE.csv] [--provinces LIST]\n"
     "  --centroids FILE       ward centroids (ward_code,province_code,lon,lat,area_km2)\n"
     "  --provinces LIST       only these provinces, e.g. 01,79\n"},
    {"demo", cmd_demo, M_CLI_SUM_DEMO,
     "danvan demo [--db URL] [--data-dir DIR] [--provinces LIST] [--logins FILE] [--force]\n"
     "  --data DIR             same as --data-dir: vn-units-2025.json and centroids\n"
     "  --provinces LIST       only these provinces, e.g. 01,79 (fast)\n"
     "  --logins FILE          where to write the demo logins (default: next to the\n"
     "                         SQLite file, demo-logins.txt; mode 0600)\n"
     "  --force                remove an existing SQLite database (and -wal, -shm) first\n"},
    {"rules", cmd_rules, M_CLI_SUM_RULES,
     "danvan rules show [--at DATE] [--db URL]\n"
     "  --at DATE              the rule set in force on that day (default: today)\n"
     "Each rule: code, days, calendar or working days, the complex, remote and remote-and-\n"
     "complex variants ('-': same), extensions (times x days), what it counts from, and its\n"
     "status (C confirmed, P partly, U to verify).\n"},
    {"deadline", cmd_deadline, M_CLI_SUM_DEADLINE,
     "danvan deadline --rule CODE --from DATE [--remote] [--complex] [--db URL]\n"
     "  --rule CODE            a rule of the set in force on DATE, e.g. KN1_SETTLE\n"
     "  --from DATE            the day the period counts from (YYYY-MM-DD; not counted)\n"
     "  --remote               the area is remote (vùng sâu, vùng xa)\n"
     "  --complex              the case is complex\n"
     "Holidays added with 'danvan holidays add' are taken into account.\n"},
    {"holidays", cmd_holidays, M_CLI_SUM_HOLIDAYS,
     "danvan holidays list\n"
     "danvan holidays add DATE NAME\n"
     "danvan holidays remove DATE\n"
     "The fixed national holidays (1/1, 30/4, 1/5, 2/9) are always counted; add Tết, Hùng\n"
     "Kings' day and compensatory days each year.\n"},
    {"aggregates", cmd_aggregates, M_CLI_SUM_AGGREGATES,
     "danvan aggregates check [--db URL]\n"
     "danvan aggregates rebuild [--db URL]\n"
     "check: recompute every rollup of the activities from the facts and print each row that\n"
     "differs (exit 1 when any does). rebuild: recompute them into the tables, then check.\n"},
    {"audit", cmd_audit, M_CLI_SUM_AUDIT,
     "danvan audit verify [--anchor HASH] [--db URL]\n"
     "Walk the audit log from its first record: each must link to the one before it, match its\n"
     "hash, and the last must be the head recorded when its transaction committed. Prints the\n"
     "number of records and the last record's hash (note it somewhere safe: a later\n"
     "--anchor HASH proves no record up to it was rewritten since). Exit 1 names the first\n"
     "broken record and what is wrong with it.\n"},
    {"activities", cmd_activities, M_CLI_SUM_ACTIVITIES,
     "danvan activities import FILE --as LOGIN [--mode all|valid] [--db URL]\n"
     "  FILE                   an .xlsx or .csv with the template's columns (first row: titles)\n"
     "  --as LOGIN             the user the import runs as (their scope and permissions)\n"
     "  --mode all|valid       all: any bad row writes nothing (default); valid: the good rows\n"
     "Each refused row is printed with its row number and field.\n"},
    {"gen", cmd_gen, M_CLI_SUM_GEN,
     "danvan gen [--activities N] [--cases N] [--seed S] [--year YYYY] [--db URL]\n"
     "  --activities N         synthetic activities to add (on a database built by 'danvan demo')\n"
     "  --cases N              synthetic citizens' cases to add (either option, or both)\n"
     "  --seed S               the same seed gives the same data (default 1)\n"
     "  --year YYYY            the year they fall in (default: this year; cases up to today)\n"
     "For benchmarks: every unit of the demo logs activities in its home area or, for half of\n"
     "a commune unit's, one of its villages; loaded through the import's checks and rollups.\n"
     "Cases reach every commune (more in some provinces), routed to its people's committee,\n"
     "with their clocks, timeline and counts as the intake and the workflow write them: about\n"
     "85% decided (a tenth late), 5% withdrawn or closed, 10% open (some overdue).\n"},
    {"routes", cmd_routes, M_CLI_SUM_ROUTES,
     "danvan routes [--roles]\n"
     "  --roles                the role table instead: role, then its permissions\n"
     "Tab-separated, one line per method of every route: method, pattern, the permissions\n"
     "it needs ('none' when public), flags (public, api, write, no-csrf, slow, replica,\n"
     "upload; '-' when none). The authorization matrix test reads both tables.\n"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

enum lang cli_lang(void)
{
	const char *s = getenv("DANVAN_LANG");

	if (s && *s)
		return lang_parse(s);
	s = getenv("LC_ALL");
	if (!s || !*s)
		s = getenv("LC_MESSAGES");
	if (!s || !*s)
		s = getenv("LANG");
	return s && s[0] == 'v' && s[1] == 'i' ? LANG_VI : LANG_EN;
}

/* Expand {1}..{9} in the catalogue text with the NULL-terminated arguments. */
static void vsay(FILE *f, const char *prefix, enum msg_id id, va_list ap)
{
	const char *args[9] = {0};
	const char *t = msg(cli_lang(), id), *s;
	size_t n = 0;

	while (n < 9 && (s = va_arg(ap, const char *)) != NULL)
		args[n++] = s;
	if (prefix)
		fputs(prefix, f);
	for (; *t; t++) {
		if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}') {
			size_t i = (size_t)(t[1] - '1');

			fputs(i < n && args[i] ? args[i] : "", f);
			t += 2;
		} else {
			fputc(*t, f);
		}
	}
	fputc('\n', f);
}

void cli_say(FILE *f, enum msg_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	vsay(f, NULL, id, ap);
	va_end(ap);
}

void cli_error_msg(enum msg_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	vsay(stderr, "danvan: error: ", id, ap);
	va_end(ap);
}

int cli_exit_for(enum dv_err code)
{
	switch (code) {
	case DV_OK:
		return EXIT_OK;
	case DV_ECONFIG:
		return EXIT_CONFIG;
	case DV_ESCHEMA:
	case DV_EUNAVAIL:
	case DV_EDB:
	case DV_EBUSY:
		return EXIT_DB;
	default:
		return EXIT_FAIL;
	}
}

int cli_fail(const struct dv_error *e)
{
	fprintf(stderr, "danvan: error: %s\n", e->detail[0] ? e->detail : dv_strerror(e->code));
	return cli_exit_for(e->code);
}

void cli_progress(const char *what, size_t done, size_t total, void *arg)
{
	/* On a terminal one line is rewritten; in a log, a line per tenth of the work. */
	static char last_what[32];
	static size_t last_tenth;
	size_t tenth = total ? done * 10 / total : 10;

	(void)arg;
	if (isatty(STDERR_FILENO)) {
		fprintf(stderr, "\r%s: %zu/%zu", what, done, total);
		if (done >= total)
			fputc('\n', stderr);
	} else {
		if (strncmp(last_what, what, sizeof(last_what) - 1)) {
			snprintf(last_what, sizeof(last_what), "%s", what);
			last_tenth = 0;
		}
		if (tenth == last_tenth && done < total)
			return;
		last_tenth = tenth;
		fprintf(stderr, "%s: %zu/%zu\n", what, done, total);
	}
	fflush(stderr);
}

bool cli_check_provinces(const char *list)
{
	const char *p = list;

	for (;;) {
		if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' ||
		    (p[2] != ',' && p[2] != '\0')) {
			cli_error_msg(M_CLI_BAD_PROVINCES, list, NULL);
			return false;
		}
		if (!p[2])
			return true;
		p += 3;
	}
}

bool cli_read_line(char *buf, size_t size)
{
	size_t len;

	if (!fgets(buf, (int)size, stdin))
		return false;
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(stdin))
		return false; /* longer than the buffer */
	if (len && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return true;
}

static const struct cli_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_exit_codes(FILE *f)
{
	cli_say(f, M_CLI_HELP_EXIT, NULL);
	fprintf(f, "  0  %s\n  1  %s\n  2  %s\n  3  %s\n  4  %s\n", msg(cli_lang(), M_CLI_EXIT_0),
	        msg(cli_lang(), M_CLI_EXIT_1), msg(cli_lang(), M_CLI_EXIT_2),
	        msg(cli_lang(), M_CLI_EXIT_3), msg(cli_lang(), M_CLI_EXIT_4));
}

static void print_globals(FILE *f)
{
	cli_say(f, M_CLI_HELP_GLOBAL, NULL);
	fprintf(f, "  %-28s %s\n", "--config FILE", msg(cli_lang(), M_CLI_HELP_CONFIG_FILE));
	fprintf(f, "  %-28s %s\n", "--help", msg(cli_lang(), M_CLI_HELP_HELP));
	config_print_help(f);
}

static void print_main_help(FILE *f)
{
	size_t i;

	fprintf(f, "danvan %s — %s\n\n", DANVAN_VERSION, msg(cli_lang(), M_APP_NAME));
	cli_say(f, M_CLI_HELP_USAGE, NULL);
	cli_say(f, M_CLI_HELP_COMMANDS, NULL);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, msg(cli_lang(), commands[i].summary));
	fputc('\n', f);
	print_globals(f);
	fputc('\n', f);
	print_exit_codes(f);
}

static void print_command_help(FILE *f, const struct cli_cmd *c)
{
	fprintf(f, "%s\n\n", msg(cli_lang(), c->summary));
	fputs(c->usage, f);
	fputc('\n', f);
	print_globals(f);
	fputc('\n', f);
	print_exit_codes(f);
}

/* The command's entry, from a name such as "user add" (the first word). */
static const struct cli_cmd *command_of(const char *cmd)
{
	char first[32];
	size_t n = strcspn(cmd, " ");

	if (n >= sizeof(first))
		return NULL;
	memcpy(first, cmd, n);
	first[n] = '\0';
	return find_command(first);
}

static int unknown_option(const char *cmd, const char *opt)
{
	char name[64];
	size_t n = strcspn(opt, "=");

	snprintf(name, sizeof(name), "%.*s", (int)(n < 60 ? n : 60), opt);
	if (*cmd)
		cli_error_msg(M_CLI_UNKNOWN_OPTION, name, cmd, NULL);
	else
		cli_error_msg(M_CLI_UNKNOWN_OPTION_TOP, name, NULL);
	return EXIT_USAGE;
}

struct flag_kv {
	const char *key;
	const char *value;
};

int cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts,
              struct cli_args *out)
{
	struct flag_kv *kv = NULL;
	const char *config_file = NULL;
	struct dv_error e = DV_ERROR_INIT;
	size_t nkv = 0, k;
	int i, rc = -1;
	bool only_pos = false;

	memset(out, 0, sizeof(*out));
	out->pos = calloc((size_t)argc + 1, sizeof(char *));
	kv = calloc((size_t)argc + 1, sizeof(*kv));
	if (!out->pos || !kv) {
		fprintf(stderr, "danvan: error: out of memory\n");
		rc = EXIT_FAIL;
		goto cleanup;
	}
	for (i = 1; i < argc; i++) {
		char *arg = argv[i], *name, *eq, *value = NULL;
		const struct cli_opt *o = NULL;
		size_t nlen;

		if (only_pos || arg[0] != '-' || !strcmp(arg, "-")) {
			out->pos[out->npos++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_pos = true;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			const struct cli_cmd *c = command_of(cmd);

			if (c)
				print_command_help(stdout, c);
			else
				print_main_help(stdout);
			rc = EXIT_OK;
			goto cleanup;
		}
		if (arg[1] != '-') {
			rc = unknown_option(cmd, arg);
			goto cleanup;
		}
		name = arg + 2;
		eq = strchr(name, '=');
		nlen = eq ? (size_t)(eq - name) : strlen(name);
		for (o = opts; o && o->name; o++)
			if (strlen(o->name) == nlen && !strncmp(o->name, name, nlen))
				break;
		if (o && !o->name)
			o = NULL;
		if (o && !o->arg) { /* a flag of the command */
			if (eq) {
				cli_error_msg(M_CLI_FLAG_NO_VALUE, o->name, NULL);
				rc = EXIT_USAGE;
				goto cleanup;
			}
			*o->flag = true;
			continue;
		}
		{
			char key[64];
			bool is_config_file, is_cfg;

			snprintf(key, sizeof(key), "%.*s", (int)(nlen < 63 ? nlen : 63), name);
			is_config_file = !strcmp(key, "config");
			is_cfg = !o && !is_config_file && config_known(key);
			if (!o && !is_config_file && !is_cfg) {
				rc = unknown_option(cmd, arg);
				goto cleanup;
			}
			if (eq) {
				value = eq + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				cli_error_msg(M_CLI_OPTION_NEEDS_VALUE, key, NULL);
				rc = EXIT_USAGE;
				goto cleanup;
			}
			if (o) {
				*o->value = value;
			} else if (is_config_file) {
				config_file = value;
			} else {
				kv[nkv].key = name;
				kv[nkv].value = value;
				nkv++;
			}
		}
	}

	/* Precedence, lowest first: defaults, the config file, the environment, the flags. */
	config_defaults(&out->cfg);
	if (!config_file) {
		const char *env = getenv("DANVAN_CONFIG");

		if (env && *env)
			config_file = env;
	}
	if (config_file && config_load_file(&out->cfg, config_file, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_CONFIG;
		goto cleanup;
	}
	if (config_load_env(&out->cfg, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_CONFIG;
		goto cleanup;
	}
	for (k = 0; k < nkv; k++) {
		char key[64];
		size_t n = strcspn(kv[k].key, "=");

		snprintf(key, sizeof(key), "%.*s", (int)(n < 63 ? n : 63), kv[k].key);
		if (config_set(&out->cfg, key, kv[k].value, &e) != DV_OK) {
			fprintf(stderr, "danvan: error: --%s: %s\n", key, e.detail);
			rc = EXIT_CONFIG;
			goto cleanup;
		}
	}
cleanup:
	free(kv);
	if (rc != -1) {
		config_release(&out->cfg);
		free(out->pos);
		out->pos = NULL;
	}
	return rc;
}

int cli_parse_bare(const char *cmd, int argc, char **argv, const struct cli_opt *opts,
                   struct cli_args *out)
{
	int rc = cli_parse(cmd, argc, argv, opts, out);

	if (rc < 0 && out->npos > 0) {
		cli_error_msg(M_CLI_EXTRA_ARGUMENT, out->pos[0], cmd, NULL);
		cli_args_release(out);
		return EXIT_USAGE;
	}
	return rc;
}

void cli_args_release(struct cli_args *a)
{
	config_release(&a->cfg);
	free(a->pos);
	a->pos = NULL;
	a->npos = 0;
}

int cli_main(int argc, char **argv)
{
	const struct cli_cmd *c;
	const char *name;

	if (argc < 2) {
		print_main_help(stderr);
		return EXIT_USAGE;
	}
	name = argv[1];
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		printf("danvan %s\n", DANVAN_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		if (argc > 2 && (c = find_command(argv[2])) != NULL) {
			print_command_help(stdout, c);
			return EXIT_OK;
		}
		if (argc > 2) {
			cli_error_msg(M_CLI_UNKNOWN_COMMAND, argv[2], NULL);
			return EXIT_USAGE;
		}
		print_main_help(stdout);
		return EXIT_OK;
	}
	if (name[0] == '-')
		return unknown_option("", name);
	c = find_command(name);
	if (!c) {
		cli_error_msg(M_CLI_UNKNOWN_COMMAND, name, NULL);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
