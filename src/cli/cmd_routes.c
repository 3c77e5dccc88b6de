/* cmd_routes.c: `danvan routes [--roles]`: the route table, or the role table, as TSV for tests. */
#include "cli/cli.h"

#include <stdint.h>
#include <stdio.h>

#include "core/scope.h"
#include "web/router.h"

#include "base/banned.h"

static const struct {
	unsigned flag;
	const char *name;
} flag_names[] = {
	{ ROUTE_PUBLIC, "public" },
	{ ROUTE_API, "api" },
	{ ROUTE_WRITE, "write" },
	{ ROUTE_NO_CSRF, "no-csrf" },
	{ ROUTE_SLOW, "slow" },
	{ ROUTE_REPLICA, "replica" },
	{ ROUTE_UPLOAD, "upload" },
};

/* The methods a route table entry may hold, in the order they are printed. */
static const enum http_method methods[] = { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH,
					    HTTP_DELETE, HTTP_OPTIONS };

/* "area-read,unit-read" for a permission set, "none" for none; an unnamed bit as "bit-N". */
static void print_perms(uint32_t perms)
{
	const char *sep = "";
	unsigned i;

	if (!perms) {
		fputs("none", stdout);
		return;
	}
	for (i = 0; i < 32; i++) {
		uint32_t bit = (uint32_t)1 << i;
		const char *name = perm_name(bit);

		if (!(perms & bit))
			continue;
		if (name)
			printf("%s%s", sep, name);
		else
			printf("%sbit-%u", sep, i);
		sep = ",";
	}
}

static void print_flags(unsigned flags)
{
	const char *sep = "";
	unsigned known = 0;
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		known |= flag_names[i].flag;
		if (flags & flag_names[i].flag) {
			printf("%s%s", sep, flag_names[i].name);
			sep = ",";
		}
	}
	if (flags & ~known)
		printf("%sflags-0x%x", sep, flags & ~known);
	else if (!*sep)
		fputs("-", stdout);
}

static const char *method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET:
		return "GET";
	case HTTP_HEAD:
		return "HEAD";
	case HTTP_POST:
		return "POST";
	case HTTP_PUT:
		return "PUT";
	case HTTP_PATCH:
		return "PATCH";
	case HTTP_DELETE:
		return "DELETE";
	case HTTP_OPTIONS:
		return "OPTIONS";
	}
	return "?";
}

/* One line per method of every route (GET also answers HEAD, which is not listed). */
static void print_routes(void)
{
	const struct route *r;
	size_t i;

	fputs("# method\tpattern\tpermissions\tflags\n", stdout);
	for (r = routes; r->pattern; r++)
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			if (!(r->methods & (unsigned)methods[i]))
				continue;
			printf("%s\t%s\t", method_name(methods[i]), r->pattern);
			print_perms(r->perm);
			fputc('\t', stdout);
			print_flags(r->flags);
			fputc('\n', stdout);
		}
}

static void print_roles(void)
{
	int r;

	fputs("# role\tpermissions\n", stdout);
	for (r = ROLE_NONE + 1; r < ROLE__COUNT; r++) {
		printf("%s\t", role_name((enum role)r));
		print_perms(role_perms((enum role)r));
		fputc('\n', stdout);
	}
}

int cmd_routes(int argc, char **argv)
{
	bool roles = false;
	struct cli_opt opts[] = { { "roles", NULL, NULL, &roles }, { NULL, NULL, NULL, NULL } };
	struct cli_args args;
	int rc;

	rc = cli_parse_bare("routes", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	cli_args_release(&args);
	if (roles)
		print_roles();
	else
		print_routes();
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_FAIL;
}
