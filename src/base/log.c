/* log.c: logfmt lines, quoted and escaped so that any input keeps one event per line. */
#include "base/log.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/banned.h"

/* Values longer than this are cut (and marked) so one field cannot flood the log. */
#define LOG_VALUE_MAX 4096

static _Atomic(FILE *) log_out;
static atomic_int log_level = LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_output(FILE *f)
{
	atomic_store(&log_out, f);
}

void log_set_level(enum log_level level)
{
	atomic_store(&log_level, (int)level);
}

bool log_enabled(enum log_level level)
{
	return (int)level >= atomic_load(&log_level);
}

bool log_level_parse(const char *s, enum log_level *out)
{
	size_t i;

	if (!s)
		return false;
	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (!strcasecmp(s, level_names[i])) {
			if (out)
				*out = (enum log_level)i;
			return true;
		}
	}
	if (!strcasecmp(s, "warning")) {
		if (out)
			*out = LOG_WARN;
		return true;
	}
	return false;
}

/* Length of the valid UTF-8 sequence at s[0..len), or 0 when the byte there is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, i;
	uint32_t v;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (len < n)
		return 0;
	v = s[0] & (0x7F >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return n;
}

static bool needs_quoting(const unsigned char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i += n) {
		if (s[i] <= ' ' || s[i] == '=' || s[i] == '"' || s[i] == '\\' || s[i] == 0x7F)
			return true;
		n = utf8_seq(s + i, len - i);
		if (!n)
			return true;
	}
	return false;
}

static void add_hex(struct strbuf *sb, const char *prefix, unsigned v)
{
	static const char hex[] = "0123456789abcdef";

	strbuf_addstr(sb, prefix);
	strbuf_addch(sb, hex[(v >> 4) & 0xF]);
	strbuf_addch(sb, hex[v & 0xF]);
}

static void add_value(struct strbuf *sb, const char *value, size_t len)
{
	const unsigned char *s = (const unsigned char *)value;
	bool cut = false;
	size_t i, n;

	if (len > LOG_VALUE_MAX) {
		len = LOG_VALUE_MAX;
		cut = true;
	}
	if (!cut && !needs_quoting(s, len)) {
		strbuf_add(sb, s, len);
		return;
	}
	strbuf_addch(sb, '"');
	for (i = 0; i < len; i += n) {
		unsigned char c = s[i];

		n = 1;
		switch (c) {
		case '"':
			strbuf_add(sb, "\\\"", 2);
			continue;
		case '\\':
			strbuf_add(sb, "\\\\", 2);
			continue;
		case '\n':
			strbuf_add(sb, "\\n", 2);
			continue;
		case '\r':
			strbuf_add(sb, "\\r", 2);
			continue;
		case '\t':
			strbuf_add(sb, "\\t", 2);
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			add_hex(sb, "\\u00", c);
			continue;
		}
		n = utf8_seq(s + i, len - i);
		if (!n) {
			/* an invalid byte is shown, not passed through */
			add_hex(sb, "\\x", c);
			n = 1;
			continue;
		}
		strbuf_add(sb, s + i, n);
	}
	if (cut)
		strbuf_add(sb, "...", 3);
	strbuf_addch(sb, '"');
}

void log_begin(struct strbuf *sb, enum log_level level, const char *msg)
{
	char ts[26];
	int lv = (int)level;

	strbuf_reset(sb);
	if (!log_enabled(level)) {
		/* every later append becomes a no-op and log_write() writes nothing */
		sb->failed = true;
		return;
	}
	if (lv < LOG_DEBUG || lv > LOG_ERROR)
		lv = LOG_ERROR;
	time_format_local(time_now(), ts);
	strbuf_addstr(sb, "ts=");
	strbuf_addstr(sb, ts);
	strbuf_addstr(sb, " level=");
	strbuf_addstr(sb, level_names[lv]);
	strbuf_addstr(sb, " msg=");
	if (!msg)
		msg = "";
	add_value(sb, msg, strlen(msg));
}

void logfmt_addn(struct strbuf *sb, const char *key, const char *value, size_t len)
{
	if (sb->failed)
		return;
	strbuf_addch(sb, ' ');
	strbuf_addstr(sb, key);
	strbuf_addch(sb, '=');
	if (value)
		add_value(sb, value, len);
}

void logfmt_add(struct strbuf *sb, const char *key, const char *value)
{
	logfmt_addn(sb, key, value, value ? strlen(value) : 0);
}

void logfmt_add_int(struct strbuf *sb, const char *key, int64_t value)
{
	if (sb->failed)
		return;
	strbuf_addf(sb, " %s=%" PRId64, key, value);
}

void log_write(struct strbuf *sb)
{
	FILE *f = atomic_load(&log_out);

	if (!f)
		f = stderr;
	if (!sb->failed && strbuf_addch(sb, '\n') == 0) {
		flockfile(f);
		fwrite(sb->buf, 1, sb->len, f);
		fflush(f);
		funlockfile(f);
	}
	strbuf_release(sb);
}

void log_msg(enum log_level level, const char *msg, ...)
{
	struct strbuf sb = STRBUF_INIT;
	const char *key, *value;
	va_list ap;

	if (!log_enabled(level))
		return;
	log_begin(&sb, level, msg);
	va_start(ap, msg);
	while ((key = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		logfmt_add(&sb, key, value ? value : "");
	}
	va_end(ap);
	log_write(&sb);
}
