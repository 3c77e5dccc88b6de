/* msg.c: the message catalogue tables and lookup. */
#include "base/msg.h"

#include <string.h>

#include "base/banned.h"

static const char *const catalogue[MSG__COUNT][2] = {
#define X(id, vi, en) [id] = { vi, en },
#include "base/msg_common.def"
#include "base/msg_web.def"
#include "base/msg_cli.def"
#undef X
};

const char *msg(enum lang lang, enum msg_id id)
{
	const char *s;

	if ((unsigned)id >= MSG__COUNT)
		return "?";
	s = catalogue[id][lang == LANG_EN ? 1 : 0];
	return s ? s : catalogue[id][0];
}

const char *lang_code(enum lang lang)
{
	return lang == LANG_EN ? "en" : "vi";
}

enum lang lang_parse(const char *s)
{
	if (!s)
		return LANG_VI;
	while (*s == ' ')
		s++;
	if ((s[0] == 'e' || s[0] == 'E') && (s[1] == 'n' || s[1] == 'N') &&
	    (s[2] == '\0' || s[2] == '-' || s[2] == '_' || s[2] == ',' || s[2] == ';'))
		return LANG_EN;
	return LANG_VI;
}
