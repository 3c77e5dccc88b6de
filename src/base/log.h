/* log.h: logfmt lines (key=value, quoted when needed) to stderr or a file; thread-safe. */
#ifndef DV_LOG_H
#define DV_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/strbuf.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Where lines go (default stderr) and the lowest level written (default LOG_INFO). */
void log_set_output(FILE *f);
void log_set_level(enum log_level level);
bool log_enabled(enum log_level level);
/* Parse "debug", "info", "warn", "error"; false when unknown. */
bool log_level_parse(const char *s, enum log_level *out);

/*
 * Start a line in sb: "ts=2026-11-30T10:00:00+07:00 level=info msg=..."; add fields with
 * logfmt_add*(); finish with log_write(), which appends '\n' and writes the line atomically.
 */
void log_begin(struct strbuf *sb, enum log_level level, const char *msg);
/* Append " key=value", quoting value (with \" \\ \n escapes) when it has spaces, '=' or '"'. */
void logfmt_add(struct strbuf *sb, const char *key, const char *value);
void logfmt_addn(struct strbuf *sb, const char *key, const char *value, size_t len);
void logfmt_add_int(struct strbuf *sb, const char *key, int64_t value);
void log_write(struct strbuf *sb);

/* One-shot helpers: a message with optional "key", "value" pairs ended by NULL. */
void log_msg(enum log_level level, const char *msg, ...);

#endif
