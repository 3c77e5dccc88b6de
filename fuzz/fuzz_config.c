/* fuzz_config.c: the configuration file (config_load_stream, as config_load_file reads it) and
 * the listen address parser. */
#include <stdio.h>

#include "fuzz.h"

#include "app/config.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dv_error e = DV_ERROR_INIT;
	struct config c;
	char host[256], *text;
	unsigned port;
	FILE *f;
	enum dv_err ret;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		abort();
	config_defaults(&c);
	ret = config_load_stream(&c, f, "fuzz.conf", &e);
	fclose(f);
	FUZZ_CHECK(ret == DV_OK || ret == DV_ECONFIG);
	FUZZ_CHECK(ret == DV_OK || *e.detail);
	if (ret == DV_OK) {
		FUZZ_CHECK(c.listen && c.db && c.log_level);
		FUZZ_CHECK(config_parse_listen(c.listen, host, sizeof(host), &port));
	}
	config_release(&c);
	text = fuzz_cstr(data, size);
	if (text && config_parse_listen(text, host, sizeof(host), &port))
		FUZZ_CHECK(strlen(host) < sizeof(host) && port <= 65535);
	free(text);
	return 0;
}
