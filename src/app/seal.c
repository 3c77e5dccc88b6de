/* seal.c: secretbox sealing of confidential fields (a denouncer's identity and contact). */
#include "app/seal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/banned.h"

#define SEAL_MAX (64 * 1024) /* identities and contacts are small; refuse anything larger */

enum dv_err seal_bytes(const struct app *app, const void *plain, size_t len, struct arena *a,
                       const void **blob, size_t *blob_len, struct dv_error *e)
{
	unsigned char *out;

	*blob = NULL;
	*blob_len = 0;
	if (!app->have_key)
		return dv_fail(e, DV_ECONFIG,
		               "sealing a confidential field: the key file is not loaded");
	if (len > SEAL_MAX)
		return dv_fail(e, DV_EINVAL, "confidential field is too long to seal");
	out = arena_alloc(a, len + SEAL_OVERHEAD);
	if (!out)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, plain, len, out, app->key);
	*blob = out;
	*blob_len = len + SEAL_OVERHEAD;
	return DV_OK;
}

enum dv_err seal_open(const struct app *app, const void *blob, size_t blob_len, struct arena *a,
                      char **plain, size_t *len, struct dv_error *e)
{
	const unsigned char *in = blob;
	char *out;
	size_t n;

	*plain = NULL;
	if (len)
		*len = 0;
	if (!app->have_key)
		return dv_fail(e, DV_ECONFIG,
		               "opening a confidential field: the key file is not loaded");
	if (!blob || blob_len < SEAL_OVERHEAD || blob_len > SEAL_MAX + SEAL_OVERHEAD)
		return dv_fail(e, DV_EINVAL, "sealed field is malformed");
	n = blob_len - SEAL_OVERHEAD;
	out = arena_alloc(a, n + 1);
	if (!out)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (crypto_secretbox_open_easy((unsigned char *)out, in + crypto_secretbox_NONCEBYTES,
	                               blob_len - crypto_secretbox_NONCEBYTES, in, app->key) != 0)
		return dv_fail(
		    e, DV_EINVAL,
		    "sealed field does not open with this key file (wrong or replaced key)");
	out[n] = '\0';
	*plain = out;
	if (len)
		*len = n;
	return DV_OK;
}

enum dv_err seal_identity(const struct app *app, const struct sealed_identity *id, struct arena *a,
                          const void **blob, size_t *blob_len, struct dv_error *e)
{
	json_t *o;
	char *text;
	enum dv_err ret;

	o = json_pack("{s:s, s:s, s:s, s:b}", "name", id->name ? id->name : "", "address",
	              id->address ? id->address : "", "contact", id->contact ? id->contact : "",
	              "signed", id->signed_ ? 1 : 0);
	if (!o)
		return dv_fail(e, DV_EINVAL, "identity is not valid text");
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!text)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = seal_bytes(app, text, strlen(text), a, blob, blob_len, e);
	sodium_memzero(text, strlen(text));
	free(text);
	return ret;
}

enum dv_err seal_open_identity(const struct app *app, const void *blob, size_t blob_len,
                               struct arena *a, struct sealed_identity *out, struct dv_error *e)
{
	const char *name = "", *address = "", *contact = "";
	json_error_t jerr;
	json_t *o = NULL;
	int signed_ = 0;
	char *plain;
	size_t len;
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	ret = seal_open(app, blob, blob_len, a, &plain, &len, e);
	if (ret)
		return ret;
	o = json_loadb(plain, len, 0, &jerr);
	sodium_memzero(plain, len);
	if (!o || json_unpack(o, "{s?s, s?s, s?s, s?b}", "name", &name, "address", &address,
	                      "contact", &contact, "signed", &signed_) != 0) {
		ret = dv_fail(e, DV_EINVAL, "sealed identity is malformed");
		goto cleanup;
	}
	out->name = arena_strdup(a, name);
	out->address = arena_strdup(a, address);
	out->contact = arena_strdup(a, contact);
	out->signed_ = signed_ != 0;
	if (!out->name || !out->address || !out->contact)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
cleanup:
	json_decref(o);
	return ret;
}
