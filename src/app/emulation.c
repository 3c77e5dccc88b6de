/* emulation.c: the use cases of models and exemplars, emulation rounds and commendation. */
#include "app/emulation.h"

#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "app/fields.h"
#include "app/work.h"
#include "base/strbuf.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/unit.h"

#include "base/banned.h"

#define NOTE_MAX 1000
#define DECISION_NO_MAX 100
#define PERSON_NAME_MAX 200

/* ================================================================ shared steps */

static enum dv_err need(const struct scope *sc, uint32_t perm, const char *what,
			struct dv_error *e)
{
	return scope_can(sc, perm) ? DV_OK : dv_fail(e, DV_EPERM, "your role may not %s", what);
}

/* Commit when all went well, else roll back; the result. */
static enum dv_err end_tx(struct db *db, enum dv_err ret, struct dv_error *e)
{
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	return ret;
}

/* A vocabulary word typed as text: its index; blank is `dflt` unless required. */
static enum dv_err word_field(const char *field, const char *s, const struct emu_word *v, int n,
			      bool required, int dflt, int *out, struct dv_error *e)
{
	char buf[40];
	struct strbuf list = STRBUF_INIT;
	int i;

	*out = dflt;
	if (app_blank(s))
		return required ? dv_fail(e, DV_EINVAL, "field '%s' is required", field) : DV_OK;
	if (app_trimmed(s, buf, sizeof(buf)) && (i = emu_parse(v, n, buf)) >= 0) {
		*out = i;
		return DV_OK;
	}
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&list, ", ");
		strbuf_addstr(&list, v[i].code);
	}
	dv_fail(e, DV_EINVAL, "field '%s' must be one of: %s (not '%.40s')", field,
		list.buf ? list.buf : "", s);
	strbuf_release(&list);
	return DV_EINVAL;
}

/* A score 0..max (decimals allowed). */
static enum dv_err score_field(const char *field, const char *s, double max, double *out,
			       struct dv_error *e)
{
	if (app_blank(s))
		return dv_fail(e, DV_EINVAL, "field '%s' is required", field);
	return app_field_decimal(field, s, max, out, e);
}

/* The unit `id` lies in the caller's subtree: DV_OK, DV_ENOTFOUND, or an error. */
static enum dv_err in_subtree(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			      struct dv_error *e)
{
	struct unit u;

	return unit_get(db, sc, id, a, &u, e);
}

/* Turn "not in the subtree" into a refusal saying who may. */
static enum dv_err subtree_or(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			      const char *why, struct dv_error *e)
{
	enum dv_err ret = in_subtree(db, sc, id, a, e);

	return ret == DV_ENOTFOUND ? dv_refail(e, DV_EPERM, "%s", why) : ret;
}

/* The caller's own unit and its level (0 nation .. 3 village). */
static enum dv_err caller_unit(struct db *db, const struct scope *sc, struct arena *a,
			       struct unit *u, int *level, struct dv_error *e)
{
	struct scope sys = scope_system();
	enum dv_err ret;

	if (!sc->unit_id)
		return dv_fail(e, DV_EPERM, "this step is taken by a unit: sign in as a user of the deciding unit");
	ret = unit_get(db, &sys, sc->unit_id, a, u, e);
	if (!ret)
		ret = app_unit_level(db, u, a, level, e);
	return ret;
}

/* A criteria set of `purpose` in force, usable by unit `unit_id` (0: any). */
static enum dv_err set_field(struct db *db, const struct scope *sc, const char *field,
			     const char *text, const char *purpose, int64_t unit_id,
			     struct arena *a, struct criteria_set *out, struct dv_error *e)
{
	int64_t id;
	enum dv_err ret = app_field_id(field, text, true, &id, e);

	if (ret)
		return ret;
	ret = criteria_set_get(db, sc, id, a, out, e);
	if (ret == DV_ENOTFOUND)
		return dv_refail(e, DV_EINVAL, "field '%s': no criteria set #%lld", field,
				 (long long)id);
	if (ret)
		return ret;
	if (strcmp(out->purpose, purpose))
		return dv_fail(e, DV_EINVAL, "field '%s': set #%lld is for %s, not %s", field,
			       (long long)id,
			       strcmp(out->purpose, "model") ? "emulation rounds" : "models",
			       strcmp(purpose, "model") ? "emulation rounds" : "models");
	if (!out->active)
		return dv_fail(e, DV_EINVAL, "field '%s': set #%lld is no longer in use", field,
			       (long long)id);
	if (unit_id) {
		ret = criteria_set_usable_by(db, id, unit_id, e);
		if (ret == DV_ENOTFOUND)
			return dv_refail(e, DV_EINVAL,
					 "field '%s': set #%lld belongs to neither unit #%lld nor "
					 "one of its superiors",
					 field, (long long)id, (long long)unit_id);
	}
	return ret;
}

static const struct criterion *criterion_in(const struct criteria_set *s, int64_t id,
					    size_t *index)
{
	size_t i;

	for (i = 0; i < s->n_criteria; i++)
		if (s->criteria[i].id == id) {
			if (index)
				*index = i;
			return &s->criteria[i];
		}
	return NULL;
}

static const char *indexed(struct arena *a, const char *list, size_t i, const char *member)
{
	const char *s = arena_printf(a, "%s[%zu].%s", list, i, member);

	return s ? s : list;
}

/*
 * Score `i` of a list given for set `s`: its criterion (one of the set's, not scored twice:
 * `seen` by criterion), the score 0..max_score and the note.
 */
static enum dv_err score_of(const struct criteria_set *s, size_t i, const char *criterion,
			    const char *score, const char *note_in, bool *seen, struct arena *a,
			    int64_t *cid, double *v, const char **note, struct dv_error *e)
{
	const struct criterion *c;
	size_t k;
	enum dv_err ret = app_field_id(indexed(a, "scores", i, "criterion"), criterion, true, cid,
				       e);

	if (ret)
		return ret;
	c = criterion_in(s, *cid, &k);
	if (!c)
		return dv_fail(e, DV_EINVAL,
			       "field 'scores[%zu].criterion': criterion #%lld is not in set #%lld", i,
			       (long long)*cid, (long long)s->id);
	if (seen[k])
		return dv_fail(e, DV_EINVAL,
			       "field 'scores[%zu].criterion': criterion #%lld is scored twice", i,
			       (long long)*cid);
	seen[k] = true;
	ret = score_field(indexed(a, "scores", i, "score"), score, c->max_score, v, e);
	if (!ret)
		ret = app_clean_long(indexed(a, "scores", i, "note"), note_in, NOTE_MAX, false, a,
				     note, e);
	return ret;
}

/* ================================================================ criteria sets */

enum dv_err app_criteria_set_create(struct app *app, struct db *db, const struct scope *sc,
				    const char *actor, const struct criteria_set_input *in,
				    int64_t *out_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct criteria_set s;
	struct criterion *c;
	struct unit u;
	int purpose = 0;
	int64_t id = 0;
	size_t i;
	enum dv_err ret;
	static const struct emu_word purposes[] = {{"model", "", ""}, {"round", "", ""}};

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&s, 0, sizeof(s));
	ret = need(sc, PERM_EMU_REVIEW, "configure criteria", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = app_field_unit(db, sc, "unit", in->unit, a, &u, e);
	if (!ret)
		ret = word_field("purpose", in->purpose, purposes, 2, true, 0, &purpose, e);
	if (!ret)
		ret = app_clean_text("name", in->name, EMU_NAME_MAX, true, a, &s.name, e);
	if (!ret)
		ret = app_field_decimal("pass_percent", in->pass_percent, 100, &s.pass_percent, e);
	if (!ret && (in->n_criteria < 1 || in->n_criteria > EMU_CRITERIA_MAX))
		ret = dv_fail(e, DV_EINVAL, "field 'criteria' needs 1 to %d criteria, not %zu",
			      EMU_CRITERIA_MAX, in->n_criteria);
	c = ret ? NULL : arena_zalloc(a, in->n_criteria * sizeof(*c));
	if (!ret && !c)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; !ret && i < in->n_criteria; i++) {
		const struct criterion_input *ci = &in->criteria[i];

		ret = app_clean_text(indexed(a, "criteria", i, "name"), ci->name, EMU_NAME_MAX,
				     true, a, &c[i].name, e);
		if (!ret)
			ret = app_clean_long(indexed(a, "criteria", i, "guidance"), ci->guidance,
					     EMU_TEXT_MAX, false, a, &c[i].guidance, e);
		if (!ret && app_blank(ci->weight))
			ret = dv_fail(e, DV_EINVAL, "field 'criteria[%zu].weight' is required", i);
		if (!ret)
			ret = app_field_decimal(indexed(a, "criteria", i, "weight"), ci->weight,
						1000, &c[i].weight, e);
		if (!ret && !(c[i].weight > 0))
			ret = dv_fail(e, DV_EINVAL, "field 'criteria[%zu].weight' must be more than 0",
				      i);
		if (!ret && app_blank(ci->max_score))
			ret = dv_fail(e, DV_EINVAL, "field 'criteria[%zu].max_score' is required",
				      i);
		if (!ret)
			ret = app_field_decimal(indexed(a, "criteria", i, "max_score"),
						ci->max_score, 1000, &c[i].max_score, e);
		if (!ret && !(c[i].max_score > 0))
			ret = dv_fail(e, DV_EINVAL,
				      "field 'criteria[%zu].max_score' must be more than 0", i);
	}
	if (!ret) {
		s.unit_id = u.id;
		s.purpose = purposes[purpose].code;
		s.criteria = c;
		s.n_criteria = in->n_criteria;
		ret = criteria_set_insert(db, &s, sc->user_id, time_now(), &id, e);
	}
	if (!ret)
		ret = app_audit(db, sc, actor, "criteria_set.create", "criteria_set", id, s.name, e);
	ret = end_tx(db, ret, e);
	if (!ret && out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

enum dv_err app_criteria_set_active(struct app *app, struct db *db, const struct scope *sc,
				    const char *actor, int64_t id, bool active,
				    struct dv_error *e)
{
	struct arena *a = arena_new();
	struct criteria_set s;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_EMU_REVIEW, "configure criteria", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = criteria_set_get(db, sc, id, a, &s, e);
	if (!ret)
		ret = subtree_or(db, sc, s.unit_id, a,
				 "only the set's unit or its superiors may change it", e);
	if (!ret)
		ret = criteria_set_set_active(db, id, active, e);
	if (!ret)
		ret = app_audit(db, sc, actor, active ? "criteria_set.activate" : "criteria_set.retire",
				"criteria_set", id, s.name, e);
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

/* ================================================================ models */

static enum dv_err model_event_now(struct db *db, const struct scope *sc, int64_t model_id,
				   const char *action, const char *note, struct dv_error *e)
{
	struct model_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.model_id = model_id;
	ev.action = action;
	ev.percent = -1;
	ev.note = note;
	ev.user_id = sc->user_id;
	ev.at = time_now();
	return model_event_add(db, &ev, e);
}

/* The model, changeable by the caller (owner's subtree, not withdrawn). */
static enum dv_err model_for_change(struct db *db, const struct scope *sc, int64_t id,
				    struct arena *a, struct model *m, struct dv_error *e)
{
	enum dv_err ret = model_get(db, sc, id, a, m, e);

	if (!ret)
		ret = subtree_or(db, sc, m->owner_unit_id, a,
				 "only the owner unit's subtree may change this model", e);
	if (!ret && m->status == MS_WITHDRAWN)
		ret = dv_fail(e, DV_ECONFLICT, "model #%lld has been withdrawn", (long long)id);
	return ret;
}

enum dv_err app_model_save(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t id, const struct model_input *in,
			   int64_t *out_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct scope sys = scope_system(), launch_scope;
	struct model m, old, origin;
	struct unit owner, launch;
	struct area ar;
	int kind = 0, field = 0;
	int64_t origin_id = 0;
	const char *fold, *note = "";
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&m, 0, sizeof(m));
	ret = need(sc, PERM_WORK_WRITE, "register models", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	if (id) {
		ret = model_for_change(db, sc, id, a, &old, e);
		if (!ret) {
			m = old;
			m.id = id;
		}
	} else {
		ret = app_field_unit(db, sc, "owner_unit", in->owner_unit, a, &owner, e);
		if (!ret)
			ret = app_field_unit(db, NULL, "launch_unit", in->launch_unit, a, &launch, e);
		if (!ret) {
			m.owner_unit_id = owner.id;
			m.launch_unit_id = launch.id;
		}
	}
	if (!ret)
		ret = word_field("kind", in->kind, model_kinds, MODEL_KIND__COUNT, true, 0, &kind, e);
	if (!ret)
		ret = word_field("field", in->field, model_fields, FIELD__COUNT, true, 0, &field, e);
	if (!ret)
		ret = app_clean_text("name", in->name, EMU_NAME_MAX, true, a, &m.name, e);
	if (!ret)
		ret = app_field_area(db, "area", in->area, a, &m.area_id, NULL, e);
	if (!ret) {
		/* the launching unit's areas must hold the model's area */
		launch_scope = scope_for_user(0, m.launch_unit_id, ROLE_LEADER);
		ret = area_get(db, &launch_scope, in->area, a, &ar, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL,
					"field 'launch_unit': unit #%lld does not serve area '%s'",
					(long long)m.launch_unit_id, in->area);
	}
	if (!ret)
		ret = app_field_day("start_on", in->start_on, true, &m.start_on, e);
	if (!ret)
		ret = app_clean_long("description", in->description, EMU_TEXT_MAX, false, a,
				     &m.description, e);
	if (!ret)
		ret = app_clean_long("goals", in->goals, EMU_TEXT_MAX, false, a, &m.goals, e);
	if (!ret)
		ret = app_clean_long("results", in->results, EMU_TEXT_MAX, false, a, &m.results, e);
	if (!ret && !id)
		ret = app_field_id("origin", in->origin, false, &origin_id, e);
	if (!ret && origin_id) {
		ret = model_get(db, &sys, origin_id, a, &origin, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL, "field 'origin': no model #%lld",
					(long long)origin_id);
		else if (!ret && origin.status == MS_WITHDRAWN)
			ret = dv_fail(e, DV_EINVAL, "field 'origin': model #%lld has been withdrawn",
				      (long long)origin_id);
		if (!ret) {
			m.origin_id = origin_id;
			note = arena_printf(a, "replicates #%lld %s", (long long)origin_id,
					    origin.name);
		}
	}
	if (ret)
		goto done;
	m.kind = (enum model_kind)kind;
	m.field = (enum model_field)field;
	fold = app_fold(a, m.name, "");
	if (!fold) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
		goto done;
	}
	if (id)
		ret = model_update(db, &m, fold, time_now(), e);
	else
		ret = model_insert(db, &m, fold, sc->user_id, time_now(), &id, e);
	if (!ret)
		ret = model_event_now(db, sc, id, m.id ? "edited" : "registered", note, e);
	if (!ret)
		ret = app_audit(db, sc, actor, m.id ? "model.edit" : "model.register", "model", id,
				m.name, e);
done:
	ret = end_tx(db, ret, e);
	if (!ret && out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

/* The evaluation of model `model_id` on set `s`: means per criterion, totals. */
static enum dv_err eval_on(const struct criteria_set *s, const struct model_eval *rows,
			   size_t nrows, struct arena *a, struct model_eval_view *v,
			   struct dv_error *e)
{
	struct emu_criterion *cr;
	double *sum;
	size_t i, k;

	memset(v, 0, sizeof(*v));
	v->set = *s;
	v->mean = arena_zalloc(a, (s->n_criteria + 1) * sizeof(double));
	v->scored = arena_zalloc(a, (s->n_criteria + 1) * sizeof(bool));
	v->evaluators = arena_zalloc(a, (s->n_criteria + 1) * sizeof(size_t));
	sum = arena_zalloc(a, (s->n_criteria + 1) * sizeof(double));
	cr = arena_zalloc(a, (s->n_criteria + 1) * sizeof(*cr));
	if (!v->mean || !v->scored || !v->evaluators || !sum || !cr)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; i < nrows; i++)
		if (rows[i].set_id == s->id && criterion_in(s, rows[i].criterion_id, &k)) {
			sum[k] += rows[i].score;
			v->evaluators[k]++;
		}
	for (k = 0; k < s->n_criteria; k++) {
		cr[k].id = s->criteria[k].id;
		cr[k].weight = s->criteria[k].weight;
		cr[k].max_score = s->criteria[k].max_score;
		v->scored[k] = v->evaluators[k] > 0;
		v->mean[k] = v->scored[k] ? sum[k] / (double)v->evaluators[k] : 0;
	}
	emu_total(cr, s->n_criteria, v->mean, v->scored, &v->total);
	v->passes = v->total.complete && v->total.percent + 1e-9 >= s->pass_percent;
	return DV_OK;
}

enum dv_err app_model_evaluate(struct app *app, struct db *db, const struct scope *sc,
			       const char *actor, int64_t model_id, const char *criteria_set,
			       const struct model_score_input *scores, size_t n,
			       struct dv_error *e)
{
	struct arena *a = arena_new();
	struct criteria_set s;
	struct model m;
	bool *seen = NULL;
	size_t i;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_EMU_REVIEW, "evaluate models", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = model_get(db, sc, model_id, a, &m, e);
	if (!ret && m.status == MS_WITHDRAWN)
		ret = dv_fail(e, DV_ECONFLICT, "model #%lld has been withdrawn", (long long)model_id);
	if (!ret && !sc->system && sc->unit_id == m.owner_unit_id)
		ret = dv_fail(e, DV_EPERM, "a model is not evaluated by its own unit");
	if (!ret && !sc->user_id)
		ret = dv_fail(e, DV_EPERM, "an evaluation needs a signed-in evaluator");
	if (!ret)
		ret = set_field(db, sc, "criteria_set", criteria_set, "model",
				sc->system ? 0 : sc->unit_id, a, &s, e);
	if (!ret && (n < 1 || n > EMU_CRITERIA_MAX))
		ret = dv_fail(e, DV_EINVAL, "field 'scores' needs 1 to %d scores", EMU_CRITERIA_MAX);
	if (!ret && !(seen = arena_zalloc(a, s.n_criteria + 1)))
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; !ret && i < n; i++) {
		int64_t cid;
		double v;
		const char *note = "";

		ret = score_of(&s, i, scores[i].criterion, scores[i].score, scores[i].note, seen, a,
			       &cid, &v, &note, e);
		if (!ret)
			ret = model_eval_put(db, model_id, cid, sc->user_id, sc->unit_id, v, note,
					     time_now(), e);
	}
	if (!ret) {
		struct model_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.model_id = model_id;
		ev.action = "evaluated";
		ev.unit_id = sc->unit_id;
		ev.criteria_set_id = s.id;
		ev.percent = -1;
		/* language-neutral: scores given / criteria, the set's name */
		ev.note = arena_printf(a, "%zu/%zu · %s", n, s.n_criteria, s.name);
		ev.user_id = sc->user_id;
		ev.at = time_now();
		ret = model_event_add(db, &ev, e);
	}
	if (!ret)
		ret = app_audit(db, sc, actor, "model.evaluate", "model", model_id, s.name, e);
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

/* A decision's number and date (recognitions, "typical"). */
static enum dv_err decision_fields(const struct model_step_input *in, struct arena *a,
				   const char **no, dv_date *on, struct dv_error *e)
{
	enum dv_err ret = app_clean_text("decision_no", in->decision_no, DECISION_NO_MAX, true, a,
					 no, e);

	if (!ret)
		ret = app_field_day("decision_on", in->decision_on, true, on, e);
	return ret;
}

static enum dv_err recognise(struct db *db, const struct scope *sc, const struct model *m,
			     const struct model_step_input *in, struct arena *a,
			     struct model_event *ev, enum model_level *to, struct dv_error *e)
{
	struct model_eval *rows;
	struct model_eval_view v;
	struct criteria_set s;
	struct unit u;
	size_t nrows;
	int level = 0, lv;
	const char *why;
	enum dv_err ret = need(sc, PERM_EMU_DECIDE, "recognise models", e);

	if (!ret)
		ret = word_field("level", in->level, model_levels + 1, ML__COUNT - 1, true, 0, &lv, e);
	if (ret)
		return ret;
	*to = (enum model_level)(lv + 1);
	if (!sc->system) {
		ret = caller_unit(db, sc, a, &u, &level, e);
		if (ret)
			return ret;
		if (model_level_of_area(level) != *to)
			return dv_fail(e, DV_EPERM,
				       "your unit decides recognitions at %s, not %s: a unit at that "
				       "level recognises it",
				       model_levels[model_level_of_area(level)].en,
				       model_levels[*to].en);
	}
	why = model_transition(m->status, m->level, MA_RECOGNISE, *to);
	if (why)
		return dv_fail(e, DV_ECONFLICT, "model #%lld cannot be recognised: %s",
			       (long long)m->id, why);
	ret = set_field(db, sc, "criteria_set", in->criteria_set, "model",
			sc->system ? 0 : sc->unit_id, a, &s, e);
	if (!ret)
		ret = model_evals(db, m->id, a, &rows, &nrows, e);
	if (!ret)
		ret = eval_on(&s, rows, nrows, a, &v, e);
	if (ret)
		return ret;
	if (!v.total.complete)
		return dv_fail(e, DV_ECONFLICT,
			       "the evaluation on set #%lld is incomplete: %zu of %zu criteria "
			       "scored",
			       (long long)s.id, v.total.scored, s.n_criteria);
	if (!v.passes)
		return dv_fail(e, DV_ECONFLICT,
			       "the evaluation on set #%lld gives %.1f%%, below its pass mark of "
			       "%g%%",
			       (long long)s.id, v.total.percent, s.pass_percent);
	ret = decision_fields(in, a, &ev->decision_no, &ev->decision_on, e);
	ev->level = *to;
	ev->criteria_set_id = s.id;
	ev->percent = v.total.percent;
	return ret;
}

enum dv_err app_model_step(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t model_id, const struct model_step_input *in,
			   struct dv_error *e)
{
	static const struct emu_word actions[] = {
	    {"implementing", "", ""}, {"recognise", "", ""}, {"typical", "", ""}, {"withdraw", "", ""}};
	struct arena *a = arena_new();
	struct model_event ev;
	struct model m;
	struct unit u;
	enum model_level to;
	enum model_status st;
	int act = 0, level = 0;
	const char *why, *reason = "";
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&ev, 0, sizeof(ev));
	ev.percent = -1;
	ret = word_field("action", in->action, actions, 4, true, 0, &act, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = model_get(db, sc, model_id, a, &m, e);
	if (ret)
		goto done;
	to = m.level;
	switch ((enum model_action)act) {
	case MA_IMPLEMENT:
		ret = need(sc, PERM_WORK_WRITE, "change models", e);
		if (!ret)
			ret = subtree_or(db, sc, m.owner_unit_id, a,
					 "only the owner unit's subtree may change this model", e);
		st = MS_IMPLEMENTING;
		ev.action = "implementing";
		break;
	case MA_RECOGNISE:
		ret = recognise(db, sc, &m, in, a, &ev, &to, e);
		/* a typical model recognised higher stays typical */
		st = m.status == MS_TYPICAL ? MS_TYPICAL : MS_RECOGNISED;
		ev.action = "recognised";
		break;
	case MA_TYPICAL:
		ret = need(sc, PERM_EMU_DECIDE, "declare typical models", e);
		if (!ret && !sc->system)
			ret = caller_unit(db, sc, a, &u, &level, e);
		if (!ret && !sc->system && model_level_of_area(level) < ML_PROVINCE)
			ret = dv_fail(e, DV_EPERM,
				      "typical models are declared at province or national level");
		if (!ret)
			ret = decision_fields(in, a, &ev.decision_no, &ev.decision_on, e);
		st = MS_TYPICAL;
		ev.action = "typical";
		break;
	case MA_WITHDRAW:
	default:
		if (!scope_can(sc, PERM_EMU_DECIDE)) {
			ret = need(sc, PERM_WORK_WRITE, "withdraw models", e);
			if (!ret)
				ret = subtree_or(db, sc, m.owner_unit_id, a,
						 "only the owner unit's subtree or a deciding leader "
						 "may withdraw this model",
						 e);
		}
		if (!ret)
			ret = app_clean_long("reason", in->reason, NOTE_MAX, true, a, &reason, e);
		st = MS_WITHDRAWN;
		ev.action = "withdrawn";
		break;
	}
	if (ret)
		goto done;
	if (act != MA_RECOGNISE) {
		why = model_transition(m.status, m.level, (enum model_action)act, to);
		if (why) {
			ret = dv_fail(e, DV_ECONFLICT, "model #%lld: %s", (long long)model_id, why);
			goto done;
		}
	}
	if (act != MA_WITHDRAW && !app_blank(in->reason))
		ret = app_clean_long("reason", in->reason, NOTE_MAX, false, a, &reason, e);
	if (!ret)
		ret = model_set_status(db, model_id, st, to, st == MS_WITHDRAWN ? reason : "",
				       time_now(), e);
	if (!ret) {
		ev.model_id = model_id;
		ev.unit_id = sc->unit_id;
		ev.note = reason;
		ev.user_id = sc->user_id;
		ev.at = time_now();
		ret = model_event_add(db, &ev, e);
	}
	if (!ret)
		ret = app_audit(db, sc, actor, arena_printf(a, "model.%s", ev.action), "model",
				model_id, ev.level ? model_levels[ev.level].code : reason, e);
done:
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}


enum dv_err app_model_link(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t model_id, const char *activity, bool link,
			   struct dv_error *e)
{
	struct arena *a = arena_new();
	struct activity x;
	struct model m;
	int64_t aid = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_WORK_WRITE, "change models", e);
	if (!ret)
		ret = app_field_id("activity", activity, true, &aid, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = model_for_change(db, sc, model_id, a, &m, e);
	if (!ret && link) {
		ret = activity_get(db, sc, aid, a, &x, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL, "field 'activity': no activity #%lld",
					(long long)aid);
		if (!ret)
			ret = model_activity_link(db, model_id, aid, sc->user_id, time_now(), e);
		if (ret == DV_EEXIST)
			ret = dv_refail(e, DV_ECONFLICT,
					"activity #%lld is already a result of this model",
					(long long)aid);
	} else if (!ret) {
		ret = model_activity_unlink(db, model_id, aid, e);
	}
	if (!ret)
		ret = model_event_now(db, sc, model_id, link ? "activity_linked" : "activity_unlinked",
				      arena_printf(a, "#%lld", (long long)aid), e);
	if (!ret)
		ret = app_audit(db, sc, actor, link ? "model.link" : "model.unlink", "model",
				model_id, arena_printf(a, "activity %lld", (long long)aid), e);
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

enum dv_err app_model_photo_add(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t model_id, const void *data, size_t len,
				const char *caption, int64_t *photo_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	const char *mime = app_image_type(data, len), *cap = "";
	struct activity_photo *photos;
	struct model m;
	size_t n;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_WORK_WRITE, "add photos", e);
	if (ret)
		;
	else if (!len)
		ret = dv_fail(e, DV_EINVAL, "field 'photo' is empty");
	else if (len > PHOTO_MAX_BYTES)
		ret = dv_fail(e, DV_EINVAL, "field 'photo' is larger than %d MiB",
			      PHOTO_MAX_BYTES / (1024 * 1024));
	else if (!mime)
		ret = dv_fail(e, DV_EINVAL, "field 'photo' must be a JPEG, PNG or WebP image");
	else
		ret = app_clean_text("caption", caption, 200, false, a, &cap, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	ret = model_for_change(db, sc, model_id, a, &m, e);
	if (!ret)
		ret = model_photos(db, model_id, a, &photos, &n, e);
	if (!ret && n >= PHOTOS_PER_ACTIVITY)
		ret = dv_fail(e, DV_ELIMIT, "a model keeps at most %d photos", PHOTOS_PER_ACTIVITY);
	if (!ret)
		ret = model_photo_add(db, model_id, mime, data, len, hex, cap, sc->user_id,
				      time_now(), photo_id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "model.photo_add", "model", model_id, hex, e);
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

enum dv_err app_model_photo_delete(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, int64_t photo_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct activity_photo p;
	struct model m;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_WORK_WRITE, "remove photos", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = model_photo_get(db, sc, photo_id, a, &p, e);
	if (!ret)
		ret = model_for_change(db, sc, p.activity_id, a, &m, e);
	if (!ret)
		ret = model_photo_delete(db, photo_id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "model.photo_delete", "model", m.id, p.sha256, e);
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

/* Open a read transaction unless one is open; *own says to end it. */
static enum dv_err read_begin(struct db *db, bool *own, struct dv_error *e)
{
	*own = !db_in_tx(db);
	return *own ? db_begin(db, DB_TX_READ, e) : DV_OK;
}

static void read_end(struct db *db, bool own)
{
	if (own)
		db_rollback(db);
}

static void figures_add(struct work_figures *to, const struct work_figures *f)
{
	to->n += f->n;
	to->participants += f->participants;
	to->workdays += f->workdays;
	to->households += f->households;
	to->persons += f->persons;
	to->value_cash += f->value_cash;
	to->value_kind += f->value_kind;
}

enum dv_err app_model_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			   struct arena *a, struct model_view *out, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct award_filter af;
	struct unit u;
	int64_t *sets = NULL;
	size_t nsets = 0, i;
	int level = 0;
	bool own;
	enum dv_err ret;

	(void)app;
	memset(out, 0, sizeof(*out));
	ret = read_begin(db, &own, e);
	if (ret)
		return ret;
	ret = model_get(db, sc, id, a, &out->m, e);
	if (!ret)
		ret = model_events(db, id, a, &out->events, &out->n_events, e);
	if (!ret)
		ret = model_evals(db, id, a, &out->eval_rows, &out->n_eval_rows, e);
	if (!ret)
		ret = model_eval_sets(db, id, a, &sets, &nsets, e);
	if (!ret && nsets &&
	    !(out->evals = arena_zalloc(a, nsets * sizeof(*out->evals))))
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; !ret && i < nsets; i++) {
		struct criteria_set s;

		/* the evaluating unit's set may lie outside the viewer's scope: shown anyway */
		ret = criteria_set_get(db, &sys, sets[i], a, &s, e);
		if (!ret)
			ret = eval_on(&s, out->eval_rows, out->n_eval_rows, a, &out->evals[i], e);
		out->n_evals = i + 1;
	}
	if (!ret)
		ret = model_replicas(db, id, a, &out->replicas, &out->n_replicas, e);
	for (i = 0; !ret && i < out->n_replicas; i++) {
		if (out->replicas[i].depth == 1)
			out->direct_replicas++;
		figures_add(&out->replica_totals, &out->replicas[i].f);
	}
	if (!ret)
		ret = model_activities(db, id, 100, a, &out->acts, &out->n_acts, &out->totals, e);
	if (!ret)
		ret = model_measures(db, id, a, &out->measures, &out->n_measures, e);
	if (!ret)
		ret = model_photos(db, id, a, &out->photos, &out->n_photos, e);
	if (!ret) {
		memset(&af, 0, sizeof(af));
		af.status = -1;
		af.model_id = id;
		af.limit = 100;
		ret = award_list(db, sc, &af, a, &out->awards, &out->n_awards, NULL, e);
	}
	if (!ret && out->m.status != MS_WITHDRAWN) {
		bool owner = in_subtree(db, sc, out->m.owner_unit_id, a, e) == DV_OK;

		dv_error_clear(e);
		out->can_edit = scope_can(sc, PERM_WORK_WRITE) && owner;
		out->can_evaluate = scope_can(sc, PERM_EMU_REVIEW) && sc->user_id &&
				    sc->unit_id != out->m.owner_unit_id;
		out->can_decide = scope_can(sc, PERM_EMU_DECIDE);
		if (sc->unit_id && caller_unit(db, sc, a, &u, &level, e) == DV_OK)
			out->decide_level = model_level_of_area(level);
		dv_error_clear(e);
	}
	read_end(db, own);
	return ret;
}

/* ================================================================ emulation rounds */

/* "peoples-committee@commune": the unit's kind and level. */
static const char *peer_group_of(struct db *db, const struct unit *u, struct arena *a,
				 struct dv_error *e)
{
	const struct vocab *lv;
	int level = 0;

	if (app_unit_level(db, u, a, &level, e))
		return NULL;
	lv = area_level_find(level);
	return arena_printf(a, "%s@%s", u->kind, lv ? lv->code : "unknown");
}

/* Check and add participants `ids` to round `cid` launched by `launch`. */
static enum dv_err add_participants(struct db *db, int64_t cid, int64_t launch,
				    const char *list, const char *const *ids, size_t n,
				    struct arena *a, struct dv_error *e)
{
	struct scope ls = scope_for_user(0, launch, ROLE_LEADER);
	enum dv_err ret = DV_OK;
	size_t i;

	if (n < 1 || n > EMU_UNITS_MAX)
		return dv_fail(e, DV_EINVAL, "field '%s' needs 1 to %d units", list, EMU_UNITS_MAX);
	for (i = 0; !ret && i < n; i++) {
		const char *field = arena_printf(a, "%s[%zu]", list, i);
		const char *group;
		struct unit u, tmp;
		struct area ar;

		ret = app_field_unit(db, NULL, field ? field : list, ids[i], a, &u, e);
		if (ret)
			break;
		ret = unit_get(db, &ls, u.id, a, &tmp, e);
		if (ret == DV_ENOTFOUND) {
			dv_error_clear(e);
			ret = area_get(db, &ls, u.home_area_code, a, &ar, e);
			if (ret == DV_ENOTFOUND)
				ret = dv_refail(e, DV_EINVAL,
						"field '%s': unit #%lld is neither under the "
						"launching unit nor in its areas",
						field, (long long)u.id);
		}
		if (ret)
			break;
		group = peer_group_of(db, &u, a, e);
		if (!group)
			return e->code ? e->code : dv_fail(e, DV_ENOMEM, "out of memory");
		ret = campaign_unit_add(db, cid, u.id, group, e);
		if (ret == DV_EEXIST)
			ret = dv_refail(e, DV_EINVAL, "field '%s': unit #%lld takes part already",
					field, (long long)u.id);
	}
	return ret;
}

enum dv_err app_campaign_create(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, const struct campaign_input *in,
				int64_t *out_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct criteria_set s;
	struct campaign c;
	struct unit launch;
	const char *fold;
	int64_t id = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&c, 0, sizeof(c));
	ret = need(sc, PERM_EMU_REVIEW, "launch emulation rounds", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = app_field_unit(db, sc, "launch_unit", in->launch_unit, a, &launch, e);
	if (!ret)
		ret = app_clean_text("name", in->name, EMU_NAME_MAX, true, a, &c.name, e);
	if (!ret)
		ret = app_clean_long("theme", in->theme, EMU_TEXT_MAX, false, a, &c.theme, e);
	if (!ret)
		ret = app_field_day("start_on", in->start_on, true, &c.start_on, e);
	if (!ret)
		ret = app_field_day("end_on", in->end_on, true, &c.end_on, e);
	if (!ret && c.end_on < c.start_on)
		ret = dv_fail(e, DV_EINVAL, "field 'end_on' is before 'start_on'");
	if (!ret)
		ret = set_field(db, sc, "criteria_set", in->criteria_set, "round", launch.id, a, &s,
				e);
	fold = ret ? NULL : app_fold(a, c.name, "");
	if (!ret && !fold)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	if (!ret) {
		c.launch_unit_id = launch.id;
		c.criteria_set_id = s.id;
		ret = campaign_insert(db, &c, fold, sc->user_id, time_now(), &id, e);
	}
	if (!ret)
		ret = add_participants(db, id, launch.id, "participants", in->participants,
				       in->n_participants, a, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "campaign.create", "campaign", id, c.name, e);
	ret = end_tx(db, ret, e);
	if (!ret && out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

/* The round, run by the caller: the launching unit lies in the caller's subtree. */
static enum dv_err campaign_for_launcher(struct db *db, const struct scope *sc, int64_t id,
					 struct arena *a, struct campaign *c, struct dv_error *e)
{
	enum dv_err ret = campaign_get(db, sc, id, a, c, e);

	if (!ret)
		ret = subtree_or(db, sc, c->launch_unit_id, a,
				 "only the launching unit's subtree runs this round", e);
	return ret;
}

enum dv_err app_campaign_join(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, int64_t campaign_id, const char *const *units,
			      size_t n, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct campaign c;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_EMU_REVIEW, "run emulation rounds", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = campaign_for_launcher(db, sc, campaign_id, a, &c, e);
	if (!ret && c.status != CS_OPEN)
		ret = dv_fail(e, DV_ECONFLICT, "round #%lld is no longer open",
			      (long long)campaign_id);
	if (!ret)
		ret = add_participants(db, campaign_id, c.launch_unit_id, "units", units, n, a, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "campaign.join", "campaign", campaign_id,
				arena_printf(a, "%zu units", n), e);
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

/* One piece of evidence: checked against the caller's scope; its kind and reference. */
static enum dv_err evidence_field(struct db *db, const struct scope *sc, const char *base,
				  const struct evidence_input *in, struct arena *a, int *kind,
				  int64_t *ref, struct dv_error *e)
{
	static const struct emu_word kinds[] = {
	    {"activity", "", ""}, {"model", "", ""}, {"cases", "", ""}};
	const char *kf = arena_printf(a, "%s.kind", base), *rf = arena_printf(a, "%s.ref", base);
	enum dv_err ret;

	if (!kf || !rf)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = word_field(kf, in->kind, kinds, 3, true, 0, kind, e);
	if (ret)
		return ret;
	if (*kind == EV_CASES) {
		struct area ar;

		if (app_blank(in->ref))
			return dv_fail(e, DV_EINVAL, "field '%s' is required", rf);
		ret = area_get(db, sc, in->ref, a, &ar, e);
		if (ret == DV_ENOTFOUND)
			return dv_refail(e, DV_EINVAL, "field '%s': no area '%.20s' in your areas",
					 rf, in->ref);
		*ref = ar.id;
		return ret;
	}
	ret = app_field_id(rf, in->ref, true, ref, e);
	if (!ret && *kind == EV_ACTIVITY) {
		struct activity x;

		ret = activity_get(db, sc, *ref, a, &x, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL, "field '%s': no activity #%lld", rf,
					(long long)*ref);
	} else if (!ret) {
		struct model m;

		ret = model_get(db, sc, *ref, a, &m, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL, "field '%s': no model #%lld", rf,
					(long long)*ref);
	}
	return ret;
}

enum dv_err app_campaign_score(struct app *app, struct db *db, const struct scope *sc,
			       const char *actor, int64_t campaign_id, const char *unit,
			       const char *role, const struct campaign_score_input *scores,
			       size_t n, struct dv_error *e)
{
	static const struct emu_word roles[] = {{"self", "", ""}, {"review", "", ""}};
	struct scope sys = scope_system();
	struct arena *a = arena_new();
	struct campaign_unit *parts;
	struct criteria_set s;
	struct campaign c;
	size_t np, i, j;
	int64_t uid = 0;
	bool *seen = NULL, found = false;
	int r = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = word_field("role", role, roles, 2, true, 0, &r, e);
	if (!ret)
		ret = need(sc, r ? PERM_EMU_REVIEW : PERM_WORK_WRITE,
			   r ? "enter reviewer scores" : "enter self-scores", e);
	if (!ret)
		ret = app_field_id("unit", unit, true, &uid, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = campaign_get(db, sc, campaign_id, a, &c, e);
	if (!ret)
		ret = campaign_units(db, campaign_id, a, &parts, &np, e);
	for (i = 0; !ret && i < np; i++)
		found |= parts[i].unit_id == uid;
	if (!ret && !found)
		ret = dv_fail(e, DV_EINVAL, "field 'unit': unit #%lld does not take part in round #%lld",
			      (long long)uid, (long long)campaign_id);
	if (!ret && !r) {
		ret = subtree_or(db, sc, uid, a,
				 "only the participant's own subtree enters its self-score", e);
		if (!ret && c.status != CS_OPEN)
			ret = dv_fail(e, DV_ECONFLICT, "self-scores are closed: the round is %s",
				      campaign_statuses[c.status].en);
	} else if (!ret) {
		ret = subtree_or(db, sc, c.launch_unit_id, a,
				 "only the launching unit's subtree reviews this round", e);
		if (!ret && c.status == CS_FINAL)
			ret = dv_fail(e, DV_ECONFLICT,
				      "the round's final review is done: scores are locked");
	}
	if (!ret)
		ret = criteria_set_get(db, &sys, c.criteria_set_id, a, &s, e);
	if (!ret && (n < 1 || n > EMU_CRITERIA_MAX))
		ret = dv_fail(e, DV_EINVAL, "field 'scores' needs 1 to %d scores", EMU_CRITERIA_MAX);
	if (!ret && !(seen = arena_zalloc(a, s.n_criteria + 1)))
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; !ret && i < n; i++) {
		const char *note = "";
		int64_t cid;
		double v;

		ret = score_of(&s, i, scores[i].criterion, scores[i].score, scores[i].note, seen, a,
			       &cid, &v, &note, e);
		if (!ret && scores[i].n_evidence > EMU_EVIDENCE_MAX)
			ret = dv_fail(e, DV_EINVAL, "field 'scores[%zu].evidence' holds at most %d",
				      i, EMU_EVIDENCE_MAX);
		if (!ret)
			ret = campaign_score_put(db, campaign_id, uid, cid, r == 1, v, note,
						 sc->user_id, time_now(), e);
		for (j = 0; !ret && j < scores[i].n_evidence; j++) {
			const char *base = arena_printf(a, "scores[%zu].evidence[%zu]", i, j);
			int kind = 0;
			int64_t ref = 0;

			ret = evidence_field(db, sc, base ? base : "evidence", &scores[i].evidence[j],
					     a, &kind, &ref, e);
			if (!ret)
				ret = campaign_evidence_add(db, campaign_id, uid, cid,
							    (enum evidence_kind)kind, ref,
							    sc->user_id, time_now(), e);
		}
	}
	if (!ret)
		ret = app_audit(db, sc, actor, r ? "campaign.review_score" : "campaign.self_score",
				"campaign", campaign_id, arena_printf(a, "unit %lld", (long long)uid),
				e);
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

static int row_by_unit(const void *x, const void *y)
{
	const struct campaign_row *p = x, *q = y;

	return (p->u.unit_id > q->u.unit_id) - (p->u.unit_id < q->u.unit_id);
}

static int row_order(const void *x, const void *y)
{
	const struct campaign_row *p = x, *q = y;
	int c = strcmp(p->u.peer_group, q->u.peer_group);

	if (c)
		return c;
	if ((p->rank == 0) != (q->rank == 0))
		return p->rank == 0 ? 1 : -1;
	if (p->rank != q->rank)
		return p->rank < q->rank ? -1 : 1;
	c = strcmp(p->u.unit_name, q->u.unit_name);
	if (c)
		return c;
	return (p->u.unit_id > q->u.unit_id) - (p->u.unit_id < q->u.unit_id);
}

/* The view of a round read in the caller's transaction. */
static enum dv_err campaign_read(struct db *db, const struct scope *sc, int64_t id,
				 struct arena *a, struct campaign_view *out, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct campaign_score *scores;
	struct campaign_unit *units;
	struct emu_criterion *cr;
	struct emu_rankee *rk;
	size_t nu, ns, nc, i, k;
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	ret = campaign_get(db, sc, id, a, &out->c, e);
	if (!ret)
		ret = criteria_set_get(db, &sys, out->c.criteria_set_id, a, &out->set, e);
	if (!ret)
		ret = campaign_units(db, id, a, &units, &nu, e);
	if (!ret)
		ret = campaign_scores(db, id, a, &scores, &ns, e);
	if (!ret)
		ret = campaign_evidence_list(db, id, out->c.start_on, out->c.end_on, a,
					     &out->evidence, &out->n_evidence, e);
	if (!ret)
		ret = campaign_reviews(db, id, a, &out->reviews, &out->n_reviews, e);
	if (ret)
		return ret;
	nc = out->set.n_criteria;
	out->rows = arena_zalloc(a, (nu + 1) * sizeof(*out->rows));
	rk = arena_zalloc(a, (nu + 1) * sizeof(*rk));
	cr = arena_zalloc(a, (nc + 1) * sizeof(*cr));
	if (!out->rows || !rk || !cr)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (k = 0; k < nc; k++) {
		cr[k].id = out->set.criteria[k].id;
		cr[k].weight = out->set.criteria[k].weight;
		cr[k].max_score = out->set.criteria[k].max_score;
	}
	for (i = 0; i < nu; i++) {
		struct campaign_row *r = &out->rows[i];

		r->u = units[i];
		r->self_scores = arena_zalloc(a, (nc + 1) * sizeof(double));
		r->review_scores = arena_zalloc(a, (nc + 1) * sizeof(double));
		r->has_self = arena_zalloc(a, nc + 1);
		r->has_review = arena_zalloc(a, nc + 1);
		r->self_notes = arena_zalloc(a, (nc + 1) * sizeof(char *));
		r->review_notes = arena_zalloc(a, (nc + 1) * sizeof(char *));
		if (!r->self_scores || !r->review_scores || !r->has_self || !r->has_review ||
		    !r->self_notes || !r->review_notes)
			return dv_fail(e, DV_ENOMEM, "out of memory");
	}
	out->n_rows = nu;
	/* by unit id, to find each score's participant (rounds have hundreds of units) */
	qsort(out->rows, nu, sizeof(*out->rows), row_by_unit);
	for (i = 0; i < ns; i++) {
		struct campaign_row key, *r;

		key.u.unit_id = scores[i].unit_id;
		r = bsearch(&key, out->rows, nu, sizeof(*out->rows), row_by_unit);
		if (!r || !criterion_in(&out->set, scores[i].criterion_id, &k))
			continue;
		r->has_self[k] = scores[i].has_self;
		r->self_scores[k] = scores[i].self_score;
		r->self_notes[k] = scores[i].self_note;
		r->has_review[k] = scores[i].has_review;
		r->review_scores[k] = scores[i].review_score;
		r->review_notes[k] = scores[i].review_note;
	}
	for (i = 0; i < nu; i++) {
		struct campaign_row *r = &out->rows[i];

		emu_total(cr, nc, r->self_scores, r->has_self, &r->self);
		emu_total(cr, nc, r->review_scores, r->has_review, &r->review);
		rk[i].group = r->u.peer_group;
		rk[i].total = r->review.total;
		rk[i].complete = r->review.complete;
	}
	emu_rank(rk, nu);
	for (i = 0; i < nu; i++) {
		out->rows[i].rank = rk[i].rank;
		out->rows[i].group_size = rk[i].group_size;
	}
	qsort(out->rows, nu, sizeof(*out->rows), row_order);
	return DV_OK;
}

enum dv_err app_campaign_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			      struct arena *a, struct campaign_view *out, struct dv_error *e)
{
	bool own, launcher;
	enum dv_err ret;

	(void)app;
	ret = read_begin(db, &own, e);
	if (ret)
		return ret;
	ret = campaign_read(db, sc, id, a, out, e);
	if (!ret) {
		launcher = in_subtree(db, sc, out->c.launch_unit_id, a, e) == DV_OK;
		dv_error_clear(e);
		out->can_review = launcher && scope_can(sc, PERM_EMU_REVIEW) &&
				  out->c.status != CS_FINAL;
		out->can_finalise = launcher && scope_can(sc, PERM_EMU_DECIDE) &&
				    out->c.status == CS_PRELIMINARY;
	}
	read_end(db, own);
	return ret;
}

const char *campaign_ranking_json(const struct campaign_view *v, struct arena *a)
{
	json_t *arr = json_array();
	char *text;
	const char *out;
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < v->n_rows; i++) {
		const struct campaign_row *r = &v->rows[i];
		json_t *o = json_pack("{s:s, s:I, s:s, s:f, s:f, s:o}", "peer_group",
				      r->u.peer_group, "unit", (json_int_t)r->u.unit_id, "name",
				      r->u.unit_name, "total", r->review.total, "percent",
				      r->review.percent, "rank",
				      r->rank ? json_integer(r->rank) : json_null());

		if (!o || json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	text = json_dumps(arr, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(arr);
	if (!text)
		return NULL;
	out = arena_strdup(a, text);
	free(text);
	return out;
}

enum dv_err app_campaign_review(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t campaign_id, const char *stage,
				const char *note, struct dv_error *e)
{
	static const struct emu_word stages[] = {{"preliminary", "", ""}, {"final", "", ""}};
	struct arena *a = arena_new();
	struct campaign_view v;
	struct campaign c;
	struct strbuf missing = STRBUF_INIT;
	const char *ranking, *clean = "";
	size_t i, nmissing = 0;
	int st = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = word_field("stage", stage, stages, 2, true, 0, &st, e);
	if (!ret)
		ret = need(sc, st ? PERM_EMU_DECIDE : PERM_EMU_REVIEW,
			   st ? "close emulation rounds" : "review emulation rounds", e);
	if (!ret)
		ret = app_clean_long("note", note, EMU_TEXT_MAX, false, a, &clean, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = campaign_for_launcher(db, sc, campaign_id, a, &c, e);
	if (!ret)
		ret = campaign_read(db, sc, campaign_id, a, &v, e);
	if (!ret && st == 1 && c.status == CS_PRELIMINARY) {
		for (i = 0; i < v.n_rows; i++)
			if (!v.rows[i].review.complete) {
				if (nmissing++ < 5)
					strbuf_addf(&missing, "%s%s", nmissing > 1 ? ", " : "",
						    v.rows[i].u.unit_name);
			}
		if (nmissing)
			ret = dv_fail(e, DV_ECONFLICT,
				      "%zu participant(s) lack reviewer scores on some criteria: %s%s",
				      nmissing, missing.buf ? missing.buf : "",
				      nmissing > 5 ? ", ..." : "");
	}
	if (!ret)
		ret = campaign_set_status(db, campaign_id, st ? CS_PRELIMINARY : CS_OPEN,
					  st ? CS_FINAL : CS_PRELIMINARY, time_now(), e);
	if (ret == DV_ECONFLICT && !nmissing)
		ret = dv_refail(e, DV_ECONFLICT, "round #%lld is %s: a %s review is not possible",
				(long long)campaign_id, campaign_statuses[c.status].en,
				stages[st].code);
	ranking = ret ? NULL : campaign_ranking_json(&v, a);
	if (!ret && !ranking)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	if (!ret)
		ret = campaign_review_add(db, campaign_id, stages[st].code, clean, ranking,
					  sc->user_id, time_now(), e);
	if (!ret)
		ret = app_audit(db, sc, actor, st ? "campaign.final" : "campaign.preliminary",
				"campaign", campaign_id, c.name, e);
	ret = end_tx(db, ret, e);
out:
	strbuf_release(&missing);
	arena_free(a);
	return ret;
}

/* ================================================================ commendation */

bool award_unit_entitled(const struct award_form *f, const char *unit_kind, int area_level)
{
	size_t i;

	for (i = 0; f && unit_kind && i < f->n_grantors; i++)
		if (!strcmp(f->grantors[i].unit_kind, unit_kind) &&
		    (f->grantors[i].area_level < 0 || f->grantors[i].area_level == area_level))
			return true;
	return false;
}

/* "Provincial people's committee or ..." for a refusal. */
static const char *grantors_text(const struct award_form *f, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;
	size_t i;

	for (i = 0; i < f->n_grantors; i++) {
		const struct unit_kind *k = unit_kind_find(f->grantors[i].unit_kind);
		const struct vocab *lv = area_level_find(f->grantors[i].area_level);

		strbuf_addf(&sb, "%s%s%s%s", i ? "; " : "", k ? k->en : f->grantors[i].unit_kind,
			    lv ? " at " : "", lv ? lv->code : "");
		if (lv)
			strbuf_addstr(&sb, " level");
	}
	out = arena_strdup(a, sb.buf ? sb.buf : "nobody in danvan");
	strbuf_release(&sb);
	return out ? out : "";
}

static bool warn(struct arena *a, struct award_warning **out, size_t *n, size_t *cap,
		 const char *code, const char *en, const char *vi)
{
	if (ARENA_RESERVE(a, *out, *n, *cap, 4) || !en || !vi)
		return false;
	(*out)[*n].code = code;
	(*out)[*n].message = en;
	(*out)[*n].message_vi = vi;
	(*n)++;
	return true;
}

static const char *form_name(const struct award_form *forms, size_t nf, const char *code)
{
	const struct award_form *f = award_form_find(forms, nf, code);

	return f ? f->name_en : code;
}

/* The rules a proposal of `f` for recipient `key` breaks (RULES.md, emulation). */
static enum dv_err award_rules(struct db *db, const struct award_form *forms, size_t nf,
			       const struct award_form *f, const char *key, int year,
			       const char *achievement_fold, int initiative, int64_t except,
			       struct arena *a, struct award_warning **out, size_t *n,
			       struct dv_error *e)
{
	struct award_past *past;
	size_t np, i, cap = 0, ny = 0;
	int *years;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = award_history(db, key, except, a, &past, &np, e);
	if (ret)
		return ret;
	/* a stored proposal yields to the earlier ones only: approving the first of two
	 * proposals for one achievement is right, the second is the one that breaks the rule */
	for (i = 0; i < np; i++)
		if (past[i].status != AW_REJECTED && past[i].year == year &&
		    !(except && past[i].status == AW_PROPOSED && past[i].id > except) &&
		    !strcmp(past[i].achievement_fold, achievement_fold)) {
			if (!warn(a, out, n, &cap, "one_achievement",
				  arena_printf(a,
					       "one achievement earns one award: proposal #%lld "
					       "(%s, %d) already covers this achievement",
					       (long long)past[i].id,
					       form_name(forms, nf, past[i].form_code), year),
				  arena_printf(a,
					       "Một thành tích chỉ được khen thưởng một lần: đề nghị "
					       "#%lld (%d) đã dùng thành tích này",
					       (long long)past[i].id, year)))
				return dv_fail(e, DV_ENOMEM, "out of memory");
			break;
		}
	if (f->needs_code && f->needs_years > 0) {
		struct strbuf held = STRBUF_INIT;

		years = arena_zalloc(a, (np + 1) * sizeof(int));
		if (!years)
			return dv_fail(e, DV_ENOMEM, "out of memory");
		for (i = 0; i < np; i++)
			if (past[i].status == AW_APPROVED && !strcmp(past[i].form_code, f->needs_code)) {
				years[ny++] = past[i].year;
				strbuf_addf(&held, "%s%d", held.len ? ", " : "", past[i].year);
			}
		if (!award_consecutive(years, ny, f->needs_years, year)) {
			bool ok = warn(
			    a, out, n, &cap, "needs_titles",
			    arena_printf(a,
					 "'%s' needs %d consecutive '%s' titles up to %d or %d; "
					 "held: %s",
					 f->name_en, f->needs_years,
					 form_name(forms, nf, f->needs_code), year - 1, year,
					 held.len ? held.buf : "none"),
			    arena_printf(a,
					 "Danh hiệu \"%s\" cần %d năm liên tục đạt \"%s\" đến năm "
					 "%d hoặc %d; đã có: %s",
					 f->name, f->needs_years,
					 award_form_find(forms, nf, f->needs_code)
					     ? award_form_find(forms, nf, f->needs_code)->name
					     : f->needs_code,
					 year - 1, year, held.len ? held.buf : "chưa có"));

			strbuf_release(&held);
			if (!ok)
				return dv_fail(e, DV_ENOMEM, "out of memory");
		} else {
			strbuf_release(&held);
		}
	}
	if (f->needs_initiative && *f->needs_initiative) {
		int want = emu_parse(initiatives, INIT__COUNT, f->needs_initiative);

		if (want > 0 && initiative < want &&
		    !warn(a, out, n, &cap, "needs_initiative",
			  arena_printf(a, "'%s' needs an initiative of %s scope; proposed: %s",
				       f->name_en, initiatives[want].code,
				       initiatives[initiative].code),
			  arena_printf(a, "Danh hiệu \"%s\" cần %s; đề nghị ghi: %s", f->name,
				       initiatives[want].vi, initiatives[initiative].vi)))
			return dv_fail(e, DV_ENOMEM, "out of memory");
	}
	return DV_OK;
}

static const char *warnings_json(const struct award_warning *w, size_t n, struct arena *a)
{
	json_t *arr = json_array();
	const char *out;
	char *text;
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", w[i].code,
						     "message", w[i].message, "message_vi",
						     w[i].message_vi));
	text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (!text)
		return NULL;
	out = arena_strdup(a, text);
	free(text);
	return out;
}

static void warnings_parse(const char *text, struct arena *a, struct award_warning **out,
			   size_t *n)
{
	json_t *arr = json_loads(text ? text : "[]", 0, NULL);
	size_t i, cap = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		const char *code = json_string_value(json_object_get(o, "code"));
		const char *en = json_string_value(json_object_get(o, "message"));
		const char *vi = json_string_value(json_object_get(o, "message_vi"));

		if (code && en)
			warn(a, out, n, &cap, arena_strdup(a, code), arena_strdup(a, en),
			     arena_strdup(a, vi ? vi : en));
	}
	json_decref(arr);
}

const char *award_recipient_key(struct arena *a, enum recipient_kind k, int64_t ref,
				const char *person)
{
	if (k == RK_PERSON || k == RK_HOUSEHOLD) {
		const char *fold = app_fold(a, person ? person : "", "");

		return fold ? arena_printf(a, "%s:%lld:%s", recipient_kinds[k].code, (long long)ref,
					   fold)
			    : NULL;
	}
	return arena_printf(a, "%s:%lld", recipient_kinds[k].code, (long long)ref);
}

/* The recipient of a proposal, checked: fills key, name, subject unit, area, model. */
static enum dv_err recipient_fields(struct db *db, const struct scope *sc,
				    const struct award_input *in, enum recipient_kind k,
				    struct arena *a, struct award *w, struct dv_error *e)
{
	const char *person = NULL;
	struct unit u;
	struct area ar;
	struct model m;
	int64_t id;
	enum dv_err ret = DV_OK;

	switch (k) {
	case RK_UNIT:
	case RK_PERSON:
		/* a unit of the proposer's subtree, or one in its areas (a province body proposes
		 * the communes' committees it does not command) */
		ret = app_field_unit(db, NULL, "unit", in->unit, a, &u, e);
		if (!ret && in_subtree(db, sc, u.id, a, e) == DV_ENOTFOUND) {
			dv_error_clear(e);
			ret = area_get(db, sc, u.home_area_code, a, &ar, e);
			if (ret == DV_ENOTFOUND)
				ret = dv_refail(e, DV_EINVAL,
						"field 'unit': unit #%lld is neither in your unit's "
						"subtree nor in its areas",
						(long long)u.id);
		}
		if (!ret && k == RK_PERSON)
			ret = app_clean_text("person_name", in->person_name, PERSON_NAME_MAX, true, a,
					     &person, e);
		if (ret)
			return ret;
		w->subject_unit_id = u.id;
		w->area_id = u.home_area_id;
		w->recipient_name = k == RK_PERSON ? person : u.name;
		w->recipient_key = award_recipient_key(a, k, u.id, person);
		break;
	case RK_MODEL:
		ret = app_field_id("model", in->model, true, &id, e);
		if (!ret)
			ret = model_get(db, sc, id, a, &m, e);
		if (ret == DV_ENOTFOUND)
			return dv_refail(e, DV_EINVAL, "field 'model': no model #%lld", (long long)id);
		if (!ret && m.status == MS_WITHDRAWN)
			ret = dv_fail(e, DV_EINVAL, "field 'model': model #%lld has been withdrawn",
				      (long long)id);
		if (ret)
			return ret;
		w->model_id = m.id;
		w->subject_unit_id = m.owner_unit_id;
		w->area_id = m.area_id;
		w->recipient_name = m.name;
		w->recipient_key = award_recipient_key(a, k, m.id, NULL);
		break;
	case RK_AREA:
	case RK_HOUSEHOLD:
	default:
		if (app_blank(in->area))
			return dv_fail(e, DV_EINVAL, "field 'area' is required");
		ret = area_get(db, sc, in->area, a, &ar, e);
		if (ret == DV_ENOTFOUND)
			return dv_refail(e, DV_EINVAL, "field 'area': no area '%.20s' in your areas",
					 in->area);
		if (!ret && ar.valid_to)
			ret = dv_fail(e, DV_EINVAL, "field 'area': area '%s' no longer exists",
				      ar.code);
		if (!ret && k == RK_HOUSEHOLD)
			ret = app_clean_text("person_name", in->person_name, PERSON_NAME_MAX, true, a,
					     &person, e);
		if (ret)
			return ret;
		w->area_id = ar.id;
		w->recipient_name = k == RK_HOUSEHOLD ? person : ar.full_name;
		w->recipient_key = award_recipient_key(a, k, ar.id, person);
		break;
	}
	return w->recipient_key && w->recipient_name ? DV_OK
						      : dv_fail(e, DV_ENOMEM, "out of memory");
}

/* Check a proposal's fields into `w` (and its warnings), in the caller's transaction. */
static enum dv_err proposal_check(struct db *db, const struct scope *sc,
				  const struct award_input *in, struct arena *a, struct award *w,
				  const char **ach_fold, struct award_warning **warns, size_t *nw,
				  struct dv_error *e)
{
	struct award_form *forms;
	const struct award_form *f = NULL;
	struct campaign c;
	struct unit pu;
	size_t nf;
	int rk = 0, init = 0;
	int64_t year = 0;
	char code[48];
	enum dv_err ret;

	memset(w, 0, sizeof(*w));
	ret = award_forms_load(db, a, &forms, &nf, e);
	if (ret)
		return ret;
	if (app_blank(in->form))
		return dv_fail(e, DV_EINVAL, "field 'form' is required");
	if (app_trimmed(in->form, code, sizeof(code)))
		f = award_form_find(forms, nf, code);
	if (!f || !f->active)
		return dv_fail(e, DV_EINVAL, "field 'form': no award form '%.40s'", in->form);
	ret = word_field("recipient_kind", in->recipient_kind, recipient_kinds, RK__COUNT, true, 0,
			 &rk, e);
	if (ret)
		return ret;
	if (!award_recipient_allowed(f->recipients, (enum recipient_kind)rk))
		return dv_fail(e, DV_EINVAL,
			       "field 'recipient_kind': '%s' goes to %s, not to a %s", f->name_en,
			       f->recipients, recipient_kinds[rk].code);
	ret = recipient_fields(db, sc, in, (enum recipient_kind)rk, a, w, e);
	if (!ret && app_blank(in->year))
		ret = dv_fail(e, DV_EINVAL, "field 'year' is required");
	if (!ret)
		ret = app_field_count("year", in->year, 2100, &year, e);
	if (!ret && year < 1945)
		ret = dv_fail(e, DV_EINVAL, "field 'year' must be 1945 or later");
	if (!ret)
		ret = app_clean_long("achievement", in->achievement, 2000, true, a, &w->achievement,
				     e);
	if (!ret)
		ret = app_clean_long("reason", in->reason, EMU_TEXT_MAX, false, a, &w->reason, e);
	if (!ret)
		ret = word_field("initiative", in->initiative, initiatives, INIT__COUNT, false,
				 INIT_NONE, &init, e);
	if (!ret && !app_blank(in->proposing_unit)) {
		ret = app_field_unit(db, sc, "proposing_unit", in->proposing_unit, a, &pu, e);
		w->proposing_unit_id = pu.id;
	} else if (!ret) {
		w->proposing_unit_id = sc->unit_id;
		if (!w->proposing_unit_id)
			ret = dv_fail(e, DV_EINVAL, "field 'proposing_unit' is required");
	}
	if (!ret && !app_blank(in->campaign)) {
		ret = app_field_id("campaign", in->campaign, true, &w->campaign_id, e);
		if (!ret)
			ret = campaign_get(db, sc, w->campaign_id, a, &c, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL, "field 'campaign': no emulation round #%lld",
					(long long)w->campaign_id);
	}
	if (ret)
		return ret;
	w->form_code = f->code;
	w->form_name = f->name;
	w->form_name_en = f->name_en;
	w->recipient_kind = (enum recipient_kind)rk;
	w->year = (int)year;
	w->initiative = initiatives[init].code;
	*ach_fold = app_fold(a, w->achievement, "");
	if (!*ach_fold)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	return award_rules(db, forms, nf, f, w->recipient_key, w->year, *ach_fold, init, 0, a,
			   warns, nw, e);
}

enum dv_err app_award_check(struct app *app, struct db *db, const struct scope *sc,
			    const struct award_input *in, struct arena *a,
			    struct award_warning **out, size_t *n, struct dv_error *e)
{
	struct award w;
	const char *fold;
	bool own;
	enum dv_err ret;

	(void)app;
	*out = NULL;
	*n = 0;
	ret = need(sc, PERM_WORK_WRITE, "propose commendations", e);
	if (!ret)
		ret = read_begin(db, &own, e);
	if (ret)
		return ret;
	ret = proposal_check(db, sc, in, a, &w, &fold, out, n, e);
	read_end(db, own);
	return ret;
}

enum dv_err app_award_propose(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, const struct award_input *in, int64_t *out_id,
			      struct dv_error *e)
{
	struct arena *a = arena_new();
	struct award_warning *warns;
	struct award w;
	const char *fold = NULL, *search;
	size_t nw = 0;
	int64_t id = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_WORK_WRITE, "propose commendations", e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = proposal_check(db, sc, in, a, &w, &fold, &warns, &nw, e);
	if (!ret) {
		w.warnings = warnings_json(warns, nw, a);
		search = app_fold(a, w.recipient_name, w.achievement);
		w.proposed_by = sc->user_id;
		w.proposed_at = time_now();
		if (!w.warnings || !search)
			ret = dv_fail(e, DV_ENOMEM, "out of memory");
		else
			ret = award_insert(db, &w, fold, search, &id, e);
	}
	if (!ret)
		ret = app_audit(db, sc, actor, "award.propose", "award", id,
				arena_printf(a, "%s: %s", w.form_code, w.recipient_name), e);
	ret = end_tx(db, ret, e);
	if (!ret && out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

/* The current warnings of a stored proposal. */
static enum dv_err recheck(struct db *db, const struct award *w, const struct award_form *forms,
			   size_t nf, struct arena *a, struct award_warning **out, size_t *n,
			   struct dv_error *e)
{
	const struct award_form *f = award_form_find(forms, nf, w->form_code);
	const char *fold = app_fold(a, w->achievement, "");
	int init = emu_parse(initiatives, INIT__COUNT, w->initiative);

	if (!f)
		return dv_fail(e, DV_EINVAL, "award form '%s' no longer exists", w->form_code);
	if (!fold)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	return award_rules(db, forms, nf, f, w->recipient_key, w->year, fold, init < 0 ? 0 : init,
			   w->id, a, out, n, e);
}

enum dv_err app_award_decide(struct app *app, struct db *db, const struct scope *sc,
			     const char *actor, int64_t award_id,
			     const struct award_decision_input *in, struct dv_error *e)
{
	static const struct emu_word decisions[] = {{"approved", "", ""}, {"rejected", "", ""}};
	struct arena *a = arena_new();
	struct award_form *forms;
	const struct award_form *f;
	struct award_warning *warns;
	struct award w;
	struct unit u;
	size_t nf, nw = 0;
	int d = 0, level = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = need(sc, PERM_EMU_DECIDE, "decide commendations", e);
	if (!ret)
		ret = word_field("decision", in->decision, decisions, 2, true, 0, &d, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = award_get(db, sc, award_id, a, &w, e);
	if (!ret && w.status != AW_PROPOSED)
		ret = dv_fail(e, DV_ECONFLICT, "proposal #%lld has been decided already",
			      (long long)award_id);
	if (!ret)
		ret = award_forms_load(db, a, &forms, &nf, e);
	if (ret)
		goto done;
	f = award_form_find(forms, nf, w.form_code);
	ret = caller_unit(db, sc, a, &u, &level, e);
	if (!ret && !award_unit_entitled(f, u.kind, level)) {
		const struct unit_kind *k = unit_kind_find(u.kind);
		const struct vocab *lv = area_level_find(level);

		ret = dv_fail(e, DV_EPERM,
			      "unit '%s' (%s, %s level) may not grant '%s': it is granted by %s",
			      u.name, k ? k->en : u.kind, lv ? lv->code : "?",
			      f ? f->name_en : w.form_code, f ? grantors_text(f, a) : "nobody");
	}
	if (!ret)
		ret = app_clean_text("decision_no", in->decision_no, DECISION_NO_MAX, true, a,
				     &w.decision_no, e);
	if (!ret)
		ret = app_field_day("decision_on", in->decision_on, true, &w.decision_on, e);
	if (!ret)
		ret = app_clean_long("note", in->note, NOTE_MAX, false, a, &w.decision_note, e);
	if (!ret)
		ret = recheck(db, &w, forms, nf, a, &warns, &nw, e);
	if (!ret && d == 0 && nw && !in->acknowledge_warnings)
		ret = dv_fail(e, DV_ECONFLICT,
			      "proposal #%lld breaks %zu rule(s): %s; acknowledge the warnings to "
			      "approve it anyway",
			      (long long)award_id, nw, warns[0].message);
	if (!ret) {
		w.status = d == 0 ? AW_APPROVED : AW_REJECTED;
		w.issuer_unit_id = u.id;
		w.decided_by = sc->user_id;
		w.decided_at = time_now();
		w.warnings = warnings_json(warns, nw, a);
		ret = w.warnings ? award_decide(db, &w, e) : dv_fail(e, DV_ENOMEM, "out of memory");
	}
	if (!ret)
		ret = app_audit(db, sc, actor, d == 0 ? "award.approve" : "award.reject", "award",
				award_id, w.decision_no, e);
done:
	ret = end_tx(db, ret, e);
out:
	arena_free(a);
	return ret;
}

enum dv_err app_award_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			   struct arena *a, struct award_view *out, struct dv_error *e)
{
	struct award_form *forms;
	struct unit u;
	size_t nf;
	int level = 0;
	bool own;
	enum dv_err ret;

	(void)app;
	memset(out, 0, sizeof(*out));
	ret = read_begin(db, &own, e);
	if (ret)
		return ret;
	ret = award_get(db, sc, id, a, &out->aw, e);
	if (!ret)
		ret = award_forms_load(db, a, &forms, &nf, e);
	if (!ret) {
		out->form = award_form_find(forms, nf, out->aw.form_code);
		if (out->aw.status == AW_PROPOSED)
			ret = recheck(db, &out->aw, forms, nf, a, &out->warnings, &out->n_warnings, e);
		else
			warnings_parse(out->aw.warnings, a, &out->warnings, &out->n_warnings);
	}
	if (!ret)
		ret = award_history(db, out->aw.recipient_key, id, a, &out->history,
				    &out->n_history, e);
	if (!ret && out->aw.status == AW_PROPOSED && scope_can(sc, PERM_EMU_DECIDE) &&
	    sc->unit_id && caller_unit(db, sc, a, &u, &level, e) == DV_OK)
		out->can_decide = award_unit_entitled(out->form, u.kind, level);
	if (!ret)
		dv_error_clear(e);
	read_end(db, own);
	return ret;
}
