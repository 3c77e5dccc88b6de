/* seal.h: confidential fields sealed at rest with the app key (libsodium secretbox). */
#ifndef DV_APP_SEAL_H
#define DV_APP_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"

/*
 * A sealed blob is nonce (24 bytes) || secretbox(plaintext) (16 more bytes than the plaintext),
 * under app->key. The plaintext never leaves these functions except into the caller's arena,
 * and the working copies are wiped.
 */
#define SEAL_OVERHEAD 40

/* Seal `len` bytes; *blob is in the arena. DV_ECONFIG when the key is not loaded. */
enum dv_err seal_bytes(const struct app *app, const void *plain, size_t len, struct arena *a,
                       const void **blob, size_t *blob_len, struct dv_error *e);
/*
 * Open a blob into a NUL-terminated arena copy (*plain, *len without the NUL). DV_ECONFIG
 * without a key; DV_EINVAL when the blob is too short or does not authenticate.
 */
enum dv_err seal_open(const struct app *app, const void *blob, size_t blob_len, struct arena *a,
                      char **plain, size_t *len, struct dv_error *e);

/* A denouncer's identity as sealed: a small JSON object {name, address, contact, signed}. */
struct sealed_identity {
	const char *name, *address, *contact; /* never NULL once opened ("" when absent) */
	bool signed_;
};
enum dv_err seal_identity(const struct app *app, const struct sealed_identity *id, struct arena *a,
                          const void **blob, size_t *blob_len, struct dv_error *e);
/* Open and parse; the strings are in the arena. */
enum dv_err seal_open_identity(const struct app *app, const void *blob, size_t blob_len,
                               struct arena *a, struct sealed_identity *out, struct dv_error *e);

#endif
