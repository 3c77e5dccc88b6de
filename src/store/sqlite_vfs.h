/* sqlite_vfs.h: the SQLite file layer that writes a commit's log frames in one call. */
#ifndef DV_SQLITE_VFS_H
#define DV_SQLITE_VFS_H

/*
 * The name of the layer, registered on first use (not as the default), for
 * sqlite3_open_v2; NULL when it could not be registered (SQLite's default is used).
 */
const char *sqlite_vfs_name(void);

/* Since the process started, in every connection. */
struct sqlite_vfs_counts {
	unsigned long long writes; /* log writes SQLite asked for */
	unsigned long long calls;  /* write calls that took them to the files */
	unsigned long long late;   /* commits whose end was not seen in its writes (see the .c) */
};
void sqlite_vfs_counts(struct sqlite_vfs_counts *out);

#endif
