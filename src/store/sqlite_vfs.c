/* sqlite_vfs.c: SQLite's own file layer with the write-ahead log's writes gathered per commit. */
#include "store/sqlite_vfs.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <sqlite3.h>

#include "base/banned.h"

/*
 * SQLite writes a commit into the log as two write calls a page (the frame's 24-byte header,
 * then the page), each one a system call that walks the kernel's page cache for the pages it
 * touches: a group commit of ~20 cases is ~140 pages, ~280 calls, and took half of the
 * commit's time. This layer sits on the default ("unix") one and changes one thing: writes to
 * a log that continue the previous one are kept in memory and go to the file together, in
 * calls of 64 KiB, when the commit's last frame has been written (the commit, 500 -> 255 us a
 * group; intake 13,900 -> 15,300 cases/s).
 *
 * They must be in the file before anyone can read them:
 * - the commit's last frame is known by its header (the database's size in pages, non-zero
 *   only there); its page is the commit's last write, and everything gathered goes out with
 *   it, so a failure fails the commit;
 * - other connections learn of new frames from the log's index in shared memory, and SQLite
 *   publishes a commit there in two copies with a memory barrier between them (readers take
 *   the index only when both agree): the barrier of the database whose log this is writes
 *   anything still gathered first (only if a later SQLite wrote its frames otherwise;
 *   sqlite_vfs_counts says when);
 * - this connection's own reads of the log, its syncs, size checks, truncation, file controls
 *   and its close write them first too, as does a write that does not continue them.
 * The durability of a commit is unchanged: its frames are in the file (the page cache) when
 * the commit returns, and fsync makes them durable as before.
 */

#define GATHER_MAX       (8u << 20)  /* a transaction's log past this goes out in pieces */
#define WRITE_MAX        (64u << 10) /* one call to the default layer */
#define WAL_HEADER       32          /* the log file's header; frames follow */
#define WAL_FRAME_HEADER 24          /* each frame: this header, then the page */

struct vfs_file {
	sqlite3_file base;
	sqlite3_file *real; /* the default layer's file, allocated right after this struct */
	bool wal;
	struct vfs_file *log;   /* main database file: its log, once opened */
	struct vfs_file *owner; /* log: the main database file it belongs to */
	unsigned char *buf;     /* gathered writes (log only) */
	size_t len, cap;
	sqlite3_int64 at;  /* file offset of buf[0] */
	bool commit_frame; /* the last write was the header of a transaction's last frame */
	int failed;        /* a write the barrier could not report: every later call fails */
};

static sqlite3_vfs vfs;
static _Atomic unsigned long long log_writes, log_calls, late; /* sqlite_vfs_counts */
static sqlite3_vfs *base_vfs;
static sqlite3_io_methods methods;

static int flush(struct vfs_file *f)
{
	size_t done, piece;
	int rc;

	if (!f)
		return SQLITE_OK;
	if (f->failed)
		return f->failed;
	/* in pieces: the default layer writes at most 128 KiB a call (SQLite's pages are at most
	 * 64 KiB) and reports a longer write as a full disk */
	for (done = 0, rc = SQLITE_OK; done < f->len && rc == SQLITE_OK; done += piece) {
		piece = f->len - done < WRITE_MAX ? f->len - done : WRITE_MAX;
		rc = f->real->pMethods->xWrite(f->real, f->buf + done, (int)piece,
		                               f->at + (sqlite3_int64)done);
		log_calls++;
	}
	f->len = 0;
	return rc;
}

static int x_close(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = flush(f), rc2;

	if (f->owner)
		f->owner->log = NULL;
	if (f->log)
		f->log->owner = NULL;
	sqlite3_free(f->buf);
	f->buf = NULL;
	rc2 = f->real->pMethods->xClose(f->real);
	return rc ? rc : rc2;
}

static int x_read(sqlite3_file *file, void *out, int n, sqlite3_int64 at)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = flush(f);

	return rc ? rc : f->real->pMethods->xRead(f->real, out, n, at);
}

/* Grow the buffer to hold `need` bytes; false when it cannot (the write goes out directly). */
static bool reserve(struct vfs_file *f, size_t need)
{
	unsigned char *p;
	size_t cap = f->cap ? f->cap : 256u * 1024;

	if (need <= f->cap)
		return true;
	while (cap < need)
		cap *= 2;
	p = sqlite3_realloc64(f->buf, cap);
	if (!p)
		return false;
	f->buf = p;
	f->cap = cap;
	return true;
}

static int x_write(sqlite3_file *file, const void *data, int n, sqlite3_int64 at)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc;

	if (!f->wal || n <= 0)
		return f->real->pMethods->xWrite(f->real, data, n, at);
	if (f->failed)
		return f->failed;
	log_writes++;
	if (f->len && at != f->at + (sqlite3_int64)f->len) {
		rc = flush(f);
		if (rc)
			return rc;
	}
	if (f->len + (size_t)n > GATHER_MAX) {
		rc = flush(f);
		if (rc)
			return rc;
	}
	if (!reserve(f, f->len + (size_t)n)) {
		rc = flush(f);
		log_calls++;
		return rc ? rc : f->real->pMethods->xWrite(f->real, data, n, at);
	}
	if (!f->len)
		f->at = at;
	memcpy(f->buf + f->len, data, (size_t)n);
	f->len += (size_t)n;
	/* a frame's header: 24 bytes, the database's size in pages at 4 when it ends a commit;
	 * the commit's last page is written right after it, and then everything goes out */
	if (n == WAL_FRAME_HEADER && at >= WAL_HEADER) {
		f->commit_frame =
		    ((const unsigned char *)data)[4] | ((const unsigned char *)data)[5] |
		    ((const unsigned char *)data)[6] | ((const unsigned char *)data)[7];
		return SQLITE_OK;
	}
	if (f->commit_frame) {
		f->commit_frame = false;
		return flush(f);
	}
	return SQLITE_OK;
}

static int x_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = flush(f);

	return rc ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int x_sync(sqlite3_file *file, int flags)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = flush(f);

	return rc ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int x_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = flush(f);

	return rc ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int x_lock(sqlite3_file *file, int level)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xLock(f->real, level);
}

static int x_unlock(sqlite3_file *file, int level)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xUnlock(f->real, level);
}

static int x_check_reserved_lock(sqlite3_file *file, int *out)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int x_file_control(sqlite3_file *file, int op, void *arg)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = flush(f);

	if (rc)
		return rc;
	if (op == SQLITE_FCNTL_VFSNAME) {
		int rc2 = f->real->pMethods->xFileControl(f->real, op, arg);

		if (rc2 == SQLITE_OK)
			*(char **)arg = sqlite3_mprintf("%s/%z", vfs.zName, *(char **)arg);
		return rc2;
	}
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int x_sector_size(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xSectorSize(f->real);
}

static int x_device_characteristics(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int x_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xShmMap(f->real, page, size, extend, out);
}

static int x_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

/* SQLite publishes a commit in the log's index behind this barrier: the frames go first. */
static void x_shm_barrier(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;

	/* Only when a commit's end was not seen in its writes (a future SQLite writing frames
	 * otherwise). A failure cannot be returned from here: every later call on the log
	 * fails with it, so the next write transaction fails instead of building on it. */
	if (f->log && f->log->len) {
		int rc = flush(f->log);

		late++;
		if (rc != SQLITE_OK)
			f->log->failed = rc;
	}
	f->real->pMethods->xShmBarrier(f->real);
}

static int x_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int x_fetch(sqlite3_file *file, sqlite3_int64 at, int n, void **out)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xFetch(f->real, at, n, out);
}

static int x_unfetch(sqlite3_file *file, sqlite3_int64 at, void *p)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xUnfetch(f->real, at, p);
}

static int x_open(sqlite3_vfs *self, sqlite3_filename name, sqlite3_file *file, int flags,
                  int *out_flags)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc;

	(void)self;
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	rc = base_vfs->xOpen(base_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		if (f->real->pMethods)
			f->real->pMethods->xClose(f->real);
		f->base.pMethods = NULL;
		return rc;
	}
	f->base.pMethods = &methods;
	if ((flags & SQLITE_OPEN_WAL) && name) {
		struct vfs_file *db = (struct vfs_file *)sqlite3_database_file_object(name);

		/* only a log whose database this layer opened can be gathered safely */
		if (db && db->base.pMethods == &methods) {
			f->wal = true;
			f->owner = db;
			db->log = f;
		}
	}
	return SQLITE_OK;
}

static int x_delete(sqlite3_vfs *self, const char *name, int sync_dir)
{
	(void)self;
	return base_vfs->xDelete(base_vfs, name, sync_dir);
}

static int x_access(sqlite3_vfs *self, const char *name, int flags, int *out)
{
	(void)self;
	return base_vfs->xAccess(base_vfs, name, flags, out);
}

static int x_full_pathname(sqlite3_vfs *self, const char *name, int n, char *out)
{
	(void)self;
	return base_vfs->xFullPathname(base_vfs, name, n, out);
}

static void *x_dl_open(sqlite3_vfs *self, const char *name)
{
	(void)self;
	return base_vfs->xDlOpen(base_vfs, name);
}

static void x_dl_error(sqlite3_vfs *self, int n, char *out)
{
	(void)self;
	base_vfs->xDlError(base_vfs, n, out);
}

static void (*x_dl_sym(sqlite3_vfs *self, void *h, const char *sym))(void)
{
	(void)self;
	return base_vfs->xDlSym(base_vfs, h, sym);
}

static void x_dl_close(sqlite3_vfs *self, void *h)
{
	(void)self;
	base_vfs->xDlClose(base_vfs, h);
}

static int x_randomness(sqlite3_vfs *self, int n, char *out)
{
	(void)self;
	return base_vfs->xRandomness(base_vfs, n, out);
}

static int x_sleep(sqlite3_vfs *self, int us)
{
	(void)self;
	return base_vfs->xSleep(base_vfs, us);
}

static int x_current_time(sqlite3_vfs *self, double *out)
{
	(void)self;
	return base_vfs->xCurrentTime(base_vfs, out);
}

static int x_get_last_error(sqlite3_vfs *self, int n, char *out)
{
	(void)self;
	return base_vfs->xGetLastError ? base_vfs->xGetLastError(base_vfs, n, out) : 0;
}

static int x_current_time_int64(sqlite3_vfs *self, sqlite3_int64 *out)
{
	(void)self;
	return base_vfs->xCurrentTimeInt64(base_vfs, out);
}

static const char *registered;

static void setup(void)
{
	base_vfs = sqlite3_vfs_find("unix");
	/* the layer forwards the default's version-3 file methods and version-2 calls */
	if (!base_vfs || base_vfs->iVersion < 2 || !base_vfs->xCurrentTimeInt64)
		return;
	methods = (sqlite3_io_methods){
	    .iVersion = 3,
	    .xClose = x_close,
	    .xRead = x_read,
	    .xWrite = x_write,
	    .xTruncate = x_truncate,
	    .xSync = x_sync,
	    .xFileSize = x_file_size,
	    .xLock = x_lock,
	    .xUnlock = x_unlock,
	    .xCheckReservedLock = x_check_reserved_lock,
	    .xFileControl = x_file_control,
	    .xSectorSize = x_sector_size,
	    .xDeviceCharacteristics = x_device_characteristics,
	    .xShmMap = x_shm_map,
	    .xShmLock = x_shm_lock,
	    .xShmBarrier = x_shm_barrier,
	    .xShmUnmap = x_shm_unmap,
	    .xFetch = x_fetch,
	    .xUnfetch = x_unfetch,
	};
	vfs = (sqlite3_vfs){
	    .iVersion = 2,
	    .szOsFile = (int)sizeof(struct vfs_file) + base_vfs->szOsFile,
	    .mxPathname = base_vfs->mxPathname,
	    .zName = "danvan",
	    .xOpen = x_open,
	    .xDelete = x_delete,
	    .xAccess = x_access,
	    .xFullPathname = x_full_pathname,
	    .xDlOpen = x_dl_open,
	    .xDlError = x_dl_error,
	    .xDlSym = x_dl_sym,
	    .xDlClose = x_dl_close,
	    .xRandomness = x_randomness,
	    .xSleep = x_sleep,
	    .xCurrentTime = x_current_time,
	    .xGetLastError = x_get_last_error,
	    .xCurrentTimeInt64 = x_current_time_int64,
	};
	if (sqlite3_vfs_register(&vfs, 0) == SQLITE_OK)
		registered = vfs.zName;
}

const char *sqlite_vfs_name(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, setup);
	return registered;
}

void sqlite_vfs_counts(struct sqlite_vfs_counts *out)
{
	out->writes = log_writes;
	out->calls = log_calls;
	out->late = late;
}
