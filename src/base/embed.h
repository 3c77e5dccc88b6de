/* embed.h: files compiled into the binary (migrations, stylesheet) by tools/embed.py. */
#ifndef DV_EMBED_H
#define DV_EMBED_H

#include <stddef.h>

/* A table of these ends with a NULL name; `data` is NUL-terminated, `size` excludes the NUL. */
struct embedded_file {
	const char *name;
	const char *data;
	size_t size;
};

/* Tables generated at build time, sorted by name. */
extern const struct embedded_file embedded_migrations[];
extern const struct embedded_file embedded_static[];

#endif
