/* emulation.h: pure rules of "clever mass mobilisation" models, emulation rounds and
 * commendation: vocabularies, a model's status transitions, weighted scoring, rankings within
 * peer groups, and the award rules RULES.md states (consecutive titles, initiative scope). */
#ifndef DV_EMULATION_H
#define DV_EMULATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A vocabulary entry: the stable code (API, database) and names in vi and en. */
struct emu_word {
	const char *code, *vi, *en;
};

enum model_kind { MODEL_MODEL, MODEL_EXEMPLAR, MODEL_KIND__COUNT };
enum model_field { FIELD_ECONOMY, FIELD_CULTURE, FIELD_DEFENCE, FIELD_PARTY, FIELD__COUNT };
enum model_status {
	MS_REGISTERED,
	MS_IMPLEMENTING,
	MS_RECOGNISED,
	MS_TYPICAL,
	MS_WITHDRAWN,
	MS__COUNT
};
/* Recognition levels, lowest first. */
enum model_level { ML_NONE, ML_COMMUNE, ML_PROVINCE, ML_NATIONAL, ML__COUNT };
enum campaign_status { CS_OPEN, CS_PRELIMINARY, CS_FINAL, CS__COUNT };
enum award_status { AW_PROPOSED, AW_APPROVED, AW_REJECTED, AW__COUNT };
enum recipient_kind { RK_UNIT, RK_PERSON, RK_MODEL, RK_AREA, RK_HOUSEHOLD, RK__COUNT };
/* Scope of a recipient's initiative (sáng kiến), lowest first. */
enum initiative { INIT_NONE, INIT_GRASSROOTS, INIT_PROVINCE, INIT_NATIONAL, INIT__COUNT };

extern const struct emu_word model_kinds[MODEL_KIND__COUNT];
extern const struct emu_word model_fields[FIELD__COUNT];
extern const struct emu_word model_statuses[MS__COUNT];
extern const struct emu_word model_levels[ML__COUNT];
extern const struct emu_word campaign_statuses[CS__COUNT];
extern const struct emu_word award_statuses[AW__COUNT];
extern const struct emu_word recipient_kinds[RK__COUNT];
extern const struct emu_word initiatives[INIT__COUNT];

/* The index of `code` in a vocabulary of `n` words, or -1 (also for NULL). */
int emu_parse(const struct emu_word *v, int n, const char *code);

/*
 * The recognition level a unit may decide, from the level of its home area (0 nation,
 * 1 province, 2 commune, 3 village): national, province, commune; ML_NONE for villages.
 */
enum model_level model_level_of_area(int area_level);

enum model_action { MA_IMPLEMENT, MA_RECOGNISE, MA_TYPICAL, MA_WITHDRAW };
/*
 * Whether `act` may happen to a model in `st` at level `cur` (for MA_RECOGNISE, to level
 * `to`): NULL when allowed, else why not (English, for the error). Implementing follows
 * registration; recognition raises the level (commune, then province, then national: never
 * the same or lower again); "typical" needs a province or national recognition; a withdrawn
 * model takes no further step.
 */
const char *model_transition(enum model_status st, enum model_level cur, enum model_action act,
			     enum model_level to);

/* ---------------------------------------------------------------- scoring */

struct emu_criterion {
	int64_t id;
	double weight, max_score;
};
struct emu_total {
	double total;   /* sum of weight x score over the scored criteria */
	double max;     /* sum of weight x max_score over every criterion */
	double percent; /* total / max x 100 */
	size_t scored;  /* criteria with a score */
	bool complete;  /* every criterion scored */
};
/* Totals of `scores[i]` for criterion `c[i]` (`set[i]` false: not scored). */
void emu_total(const struct emu_criterion *c, size_t n, const double *scores, const bool *set,
	       struct emu_total *out);

/*
 * Ranks within peer groups: among the entries with the same `group`, the complete ones are
 * ranked by `total`, highest first; equal totals (to 1e-9) share a rank and the next rank
 * skips ("1, 1, 3"). Incomplete entries get rank 0. `group_size` gets the number of entries
 * in the group (complete or not). The array keeps its order.
 */
struct emu_rankee {
	const char *group;
	double total;
	bool complete;
	int rank;
	size_t group_size;
};
void emu_rank(struct emu_rankee *v, size_t n);

/* ---------------------------------------------------------------- award rules */

/*
 * True when `years` (any order, repeats allowed) holds a run of `need` consecutive years that
 * ends in `year` or the year before it: a title needs the lower title held in the years just
 * before (or including) the year of the achievement proposed. need <= 0 is always true.
 */
bool award_consecutive(const int *years, size_t n, int need, int year);

/* Whether a recipient kind is among a form's recipients ("unit,person,model"). */
bool award_recipient_allowed(const char *recipients, enum recipient_kind k);

#endif
