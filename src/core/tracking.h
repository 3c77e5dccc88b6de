/* tracking.h: the citizen's tracking code: short, unguessable, with a check character. Pure. */
#ifndef DV_TRACKING_H
#define DV_TRACKING_H

#include <stdbool.h>
#include <stddef.h>

/*
 * "K7M3-9QX2-FH4C": 11 random symbols of Crockford's base 32 (55 bits) and a check symbol,
 * grouped by four. Reading forgives case, spaces, missing dashes and the look-alikes
 * O->0, I/L->1; the check symbol catches any single wrong symbol and any swap of neighbours.
 */
#define TRACKING_LEN 14 /* with the two dashes, without the NUL */

/* Make a code from 7 random bytes (the caller draws them: this module stays pure). */
void tracking_make(const unsigned char random[7], char out[TRACKING_LEN + 1]);

/*
 * Normalise what a person typed into the canonical form; false when it is not a well-formed
 * code or its check symbol is wrong.
 */
bool tracking_parse(const char *in, char out[TRACKING_LEN + 1]);

#endif
