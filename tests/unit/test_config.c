/* test_config.c: the configuration table: defaults, file, environment, flags, bounds, listen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/config.h"

#include "base/banned.h"

/* Write `text` to a fresh temporary file; its path goes to path[64]. */
static void write_file(char path[64], const char *text)
{
	int fd;
	FILE *f;

	snprintf(path, 64, "/tmp/danvan-test-config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_defaults(void **state)
{
	struct config c;

	(void)state;
	config_defaults(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.db, "sqlite:var/danvan.db");
	assert_string_equal(c.db_read, "");
	assert_string_equal(c.key_file, "var/danvan.key");
	assert_string_equal(c.access_log, "-");
	assert_string_equal(c.log_level, "info");
	assert_string_equal(c.data_dir, "data");
	assert_int_equal(c.threads, 2);
	assert_int_equal(c.hash_threads, 2);
	assert_int_equal(c.max_body, 1048576);
	assert_int_equal(c.max_connections, 1024);
	assert_int_equal(c.conn_timeout, 60);
	assert_int_equal(c.session_idle, 1800);
	assert_int_equal(c.session_absolute, 43200);
	assert_int_equal(c.login_window, 900);
	assert_int_equal(c.login_max_user, 5);
	assert_int_equal(c.login_max_addr, 20);
	config_release(&c);
	assert_null(c.listen);
}

static void test_file_good(void **state)
{
	struct config c;
	struct dv_error e = DV_ERROR_INIT;
	char path[64];

	(void)state;
	write_file(path, "# a comment\n"
	                 "\n"
	                 "listen = 0.0.0.0:9000\n"
	                 "  db=sqlite:/srv/danvan.db  \n"
	                 "session_idle = 30m\n"
	                 "max-body = 2M\n"
	                 "access-log = \"\"\n"
	                 "threads = 8   \n");
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &e), DV_OK);
	assert_string_equal(c.listen, "0.0.0.0:9000");
	assert_string_equal(c.db, "sqlite:/srv/danvan.db");
	assert_int_equal(c.session_idle, 1800);
	assert_int_equal(c.max_body, 2 * 1024 * 1024);
	assert_string_equal(c.access_log, "");
	assert_int_equal(c.threads, 8);
	/* untouched keys keep their defaults */
	assert_int_equal(c.login_max_user, 5);
	config_release(&c);
	unlink(path);
}

static void test_file_unknown_key(void **state)
{
	struct config c;
	struct dv_error e = DV_ERROR_INIT;
	char path[64], want[128];

	(void)state;
	write_file(path, "listen = 127.0.0.1:1\n# fine\nno_such_key = 1\n");
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &e), DV_ECONFIG);
	snprintf(want, sizeof(want), "%s:3: unknown key 'no_such_key'", path);
	assert_string_equal(e.detail, want);
	config_release(&c);
	unlink(path);
}

static void test_file_bad_values(void **state)
{
	struct config c;
	struct dv_error e = DV_ERROR_INIT;
	char path[64];

	(void)state;
	/* not a number */
	write_file(path, "threads = many\n");
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &e), DV_ECONFIG);
	assert_non_null(strstr(e.detail, ":1: bad value 'many' for 'threads'"));
	assert_int_equal(c.threads, 2);
	config_release(&c);
	unlink(path);

	/* out of bounds */
	dv_error_clear(&e);
	write_file(path, "\nsession-idle = 5\n");
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &e), DV_ECONFIG);
	assert_non_null(strstr(e.detail, ":2: value 5 for 'session-idle' is out of bounds"));
	config_release(&c);
	unlink(path);

	/* a line without '=' */
	dv_error_clear(&e);
	write_file(path, "listen 127.0.0.1:8080\n");
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &e), DV_ECONFIG);
	assert_non_null(strstr(e.detail, ":1: expected 'key = value'"));
	config_release(&c);
	unlink(path);

	/* a missing file */
	dv_error_clear(&e);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, "/nonexistent/danvan.conf", &e), DV_ECONFIG);
	assert_non_null(strstr(e.detail, "'/nonexistent/danvan.conf'"));
	config_release(&c);
}

static void test_env_precedence(void **state)
{
	struct config c;
	struct dv_error e = DV_ERROR_INIT;
	char path[64];

	(void)state;
	write_file(path, "listen = 127.0.0.1:7000\nthreads = 3\n");
	setenv("DANVAN_LISTEN", "127.0.0.1:7001", 1);
	setenv("DANVAN_SESSION_IDLE", "1h", 1);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &e), DV_OK);
	assert_int_equal(config_load_env(&c, &e), DV_OK);
	assert_string_equal(c.listen, "127.0.0.1:7001"); /* env beats the file */
	assert_int_equal(c.threads, 3);                  /* the file beats the default */
	assert_int_equal(c.session_idle, 3600);
	assert_int_equal(config_set(&c, "listen", "127.0.0.1:7002", &e), DV_OK);
	assert_string_equal(c.listen, "127.0.0.1:7002"); /* flags beat the environment */

	setenv("DANVAN_THREADS", "0", 1);
	assert_int_equal(config_load_env(&c, &e), DV_ECONFIG);
	assert_non_null(strstr(e.detail, "DANVAN_THREADS"));
	unsetenv("DANVAN_THREADS");
	unsetenv("DANVAN_LISTEN");
	unsetenv("DANVAN_SESSION_IDLE");
	config_release(&c);
	unlink(path);
}

static void test_set(void **state)
{
	struct config c;
	struct dv_error e = DV_ERROR_INIT;

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_set(&c, "session-idle", "600", &e), DV_OK);
	assert_int_equal(c.session_idle, 600);
	assert_int_equal(config_set(&c, "session_idle", "700", &e), DV_OK);
	assert_int_equal(c.session_idle, 700);
	assert_int_equal(config_set(&c, "key_file", "/etc/danvan.key", &e), DV_OK);
	assert_string_equal(c.key_file, "/etc/danvan.key");
	assert_true(config_known("max_connections"));
	assert_true(config_known("max-connections"));
	assert_false(config_known("max-connection"));
	assert_false(config_known("config"));

	assert_int_equal(config_set(&c, "nope", "1", &e), DV_EINVAL);
	assert_non_null(strstr(e.detail, "'nope'"));
	dv_error_clear(&e);
	assert_int_equal(config_set(&c, "max-body", "12x", &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(config_set(&c, "max-body", "2G", &e), DV_EINVAL); /* above 1 GiB */
	dv_error_clear(&e);
	assert_int_equal(config_set(&c, "log-level", "loud", &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(config_set(&c, "listen", "localhost", &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(config_set(&c, "db", "", &e), DV_EINVAL);
	/* failed sets change nothing */
	assert_int_equal(c.max_body, 1048576);
	assert_string_equal(c.log_level, "info");
	assert_string_equal(c.listen, "127.0.0.1:8080");
	config_release(&c);
}

static void test_listen(void **state)
{
	char host[64];
	unsigned port = 1;

	(void)state;
	assert_true(config_parse_listen("127.0.0.1:8080", host, sizeof(host), &port));
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 8080);
	assert_true(config_parse_listen("localhost:0", host, sizeof(host), &port));
	assert_string_equal(host, "localhost");
	assert_int_equal(port, 0);
	assert_true(config_parse_listen("[::1]:443", host, sizeof(host), &port));
	assert_string_equal(host, "::1");
	assert_int_equal(port, 443);
	assert_false(config_parse_listen("127.0.0.1", host, sizeof(host), &port));
	assert_false(config_parse_listen(":8080", host, sizeof(host), &port));
	assert_false(config_parse_listen("127.0.0.1:", host, sizeof(host), &port));
	assert_false(config_parse_listen("127.0.0.1:65536", host, sizeof(host), &port));
	assert_false(config_parse_listen("127.0.0.1:80x", host, sizeof(host), &port));
	assert_false(config_parse_listen("127.0.0.1:-1", host, sizeof(host), &port));
	assert_false(config_parse_listen("::1:80", host, sizeof(host), &port));
	assert_false(config_parse_listen("[::1]80", host, sizeof(host), &port));
	assert_false(config_parse_listen("", host, sizeof(host), &port));
	assert_false(config_parse_listen(NULL, host, sizeof(host), &port));
	assert_false(config_parse_listen("averyveryverylonghostname:80", host, 8, &port));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),         cmocka_unit_test(test_file_good),
	    cmocka_unit_test(test_file_unknown_key), cmocka_unit_test(test_file_bad_values),
	    cmocka_unit_test(test_env_precedence),   cmocka_unit_test(test_set),
	    cmocka_unit_test(test_listen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
