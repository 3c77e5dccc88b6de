/* kinds.h: the fixed vocabularies: area levels and designations, unit kinds; names in vi and en. */
#ifndef DV_KINDS_H
#define DV_KINDS_H

#include <stdbool.h>
#include <stdint.h>

enum area_level { AREA_NATION = 0, AREA_PROVINCE = 1, AREA_COMMUNE = 2, AREA_VILLAGE = 3 };

/* Designations are properties of areas (never of persons); stored as a bitmask. */
enum area_designation {
	DESIG_BORDER = 1u << 0,
	DESIG_ISLAND = 1u << 1,
	DESIG_EM_REGION_I = 1u << 2,   /* ethnic-minority and mountainous region I */
	DESIG_EM_REGION_II = 1u << 3,
	DESIG_EM_REGION_III = 1u << 4,
	DESIG_ESPECIALLY_DIFFICULT = 1u << 5,
	DESIG_REMOTE = 1u << 6,        /* extends complaint deadlines (RULES.md) */
};
#define DESIG__ALL 0x7fu

struct vocab {
	uint32_t bit_or_level; /* designation bit, or area level */
	const char *code;      /* stable machine name, used in the API and the database */
	const char *vi;
	const char *en;
};

/* Tables end with an entry whose code is NULL. */
extern const struct vocab area_levels[];
extern const struct vocab area_designations[];

/* Unit kinds: code, names, and the level they normally sit at (an area level). */
struct unit_kind {
	const char *code;
	const char *vi;
	const char *en;
	enum area_level level;
	bool military;
};
extern const struct unit_kind unit_kinds[];

const struct unit_kind *unit_kind_find(const char *code);
const struct vocab *area_level_find(int level);
/* Parse a designation code ("border"); 0 when unknown. */
uint32_t designation_parse(const char *code);

#endif
