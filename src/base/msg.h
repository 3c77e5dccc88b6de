/* msg.h: the message catalogue: every user-facing text in Vietnamese first, English second. */
#ifndef DV_MSG_H
#define DV_MSG_H

enum lang { LANG_VI = 0, LANG_EN = 1 };

/*
 * Message ids come from the .def files included below (X(ID, "vi", "en") entries); each part of
 * the program owns one file, so that they can be edited independently.
 */
enum msg_id {
#define X(id, vi, en) id,
#include "base/msg_common.def"
#include "base/msg_web.def"
#include "base/msg_cli.def"
#undef X
	MSG__COUNT
};

/* The text of `id` in `lang` (falls back to Vietnamese). Never NULL. */
const char *msg(enum lang lang, enum msg_id id);
/* "vi" / "en". */
const char *lang_code(enum lang lang);
/* Parse "vi"/"en" (also "vi-VN", "en-US" and Accept-Language style lists); LANG_VI default. */
enum lang lang_parse(const char *s);

#endif
