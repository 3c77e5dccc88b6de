/* date.h: civil dates as day numbers, legal time zone UTC+7, ISO 8601 formatting; thread-safe. */
#ifndef DV_DATE_H
#define DV_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Vietnam's legal time zone: UTC+7, no daylight saving. */
#define DV_TZ_OFFSET_SECONDS (7 * 3600)

/* A calendar date as days since 1970-01-01 (proleptic Gregorian); negative before. */
typedef int32_t dv_date;

dv_date date_from_ymd(int y, int m, int d);
void date_to_ymd(dv_date day, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int date_weekday(dv_date day);
/* Parse exactly "YYYY-MM-DD" (a real date); returns true on success. */
bool date_parse(const char *s, dv_date *out);
/* Write "YYYY-MM-DD" into buf (at least 11 bytes). */
void date_format(dv_date day, char buf[static 11]);
/* The local (UTC+7) calendar date of a UTC instant. */
dv_date date_of_instant(int64_t utc_seconds);

/* Write an instant as "YYYY-MM-DDTHH:MM:SS+07:00" (buf at least 26 bytes). */
void time_format_local(int64_t utc_seconds, char buf[static 26]);
/* Write an instant as "YYYY-MM-DD HH:MM" local time (buf at least 17 bytes), for pages. */
void time_format_short(int64_t utc_seconds, char buf[static 17]);
/* Write an instant as an RFC 7231 HTTP date in GMT (buf at least 30 bytes). */
void time_format_http(int64_t utc_seconds, char buf[static 30]);

/* Current UTC time in seconds; monotonic milliseconds for measuring durations. */
int64_t time_now(void);
int64_t time_mono_ms(void);
/* Microseconds, monotonic. */
int64_t time_mono_us(void);

#endif
