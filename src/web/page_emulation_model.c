/* page_emulation_model.c: one model's page: its record and timeline, evaluations on criteria
 * sets, the recognition steps, where it spread (a table and an inline SVG map), the linked
 * activities, photos and awards; and the forms posted from it (evaluate, status steps, link
 * and unlink activities, photos). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/emulation.h"
#include "app/work.h"
#include "store/area.h"
#include "store/emulation.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/page_emulation.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

/* Sets offered to an evaluator on one page. */
#define SETS_SHOWN_MAX 50

/* What the page needs besides the view: the sets the caller may evaluate with, the one
 * chosen, and where the model itself is. */
struct model_page {
	struct model_view v;
	struct criteria_set *sets;
	size_t n_sets;
	struct criteria_set chosen;
	bool have_chosen;
	bool located;
	double lat, lon;
};

static const char *level_label(const struct request *req, enum model_level l)
{
	return emu_label(req, model_levels, ML__COUNT, (int)l);
}

static const char *event_label(struct request *req, const char *action)
{
	static const struct {
		const char *code;
		enum msg_id id;
	} v[] = {
	    {"registered", M_MODEL_EV_REGISTERED},
	    {"edited", M_MODEL_EV_EDITED},
	    {"implementing", M_MODEL_EV_IMPLEMENTING},
	    {"recognised", M_MODEL_EV_RECOGNISED},
	    {"typical", M_MODEL_EV_TYPICAL},
	    {"withdrawn", M_MODEL_EV_WITHDRAWN},
	    {"evaluated", M_MODEL_EV_EVALUATED},
	    {"activity_linked", M_MODEL_EV_LINKED},
	    {"activity_unlinked", M_MODEL_EV_UNLINKED},
	    {"photo_added", M_MODEL_EV_PHOTO},
	};
	size_t i;

	for (i = 0; action && i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcmp(action, v[i].code))
			return T(req, v[i].id);
	return action ? action : "—";
}

static void area_link(struct strbuf *b, const char *code, const char *name)
{
	if (code)
		html_f(b, "<a href=\"/areas/%U\">%s</a> <code>%s</code>", code, name ? name : code,
		       code);
	else
		html_raw(b, "—");
}

/* ================================================================ the record */

static void details(struct request *req, struct response *resp, const struct model *m)
{
	struct strbuf *b = &resp->body;

	html_raw(b, "<dl class=\"details\">");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_MODEL_KIND),
	       emu_label(req, model_kinds, MODEL_KIND__COUNT, (int)m->kind));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_MODEL_FIELD),
	       emu_label(req, model_fields, FIELD__COUNT, (int)m->field));
	html_f(b, "<dt>%s</dt><dd><span class=\"status model-%s\">%s</span></dd>",
	       T(req, M_FIELD_STATUS),
	       (unsigned)m->status < MS__COUNT ? model_statuses[m->status].code : "",
	       emu_label(req, model_statuses, MS__COUNT, (int)m->status));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_MODEL_LEVEL), level_label(req, m->level));
	if (m->status == MS_WITHDRAWN)
		html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_MODEL_WITHDRAWN_REASON),
		       work_opt(m->withdrawn_reason) ? m->withdrawn_reason : "—");
	html_f(b, "<dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd>", T(req, M_MODEL_OWNER),
	       m->owner_unit_id, work_nz(m->owner_unit_name));
	html_f(b, "<dt>%s</dt><dd>", T(req, M_WORK_AREA));
	area_link(b, m->area_code, m->area_name);
	html_f(b, "</dd><dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd>", T(req, M_MODEL_LAUNCH),
	       m->launch_unit_id, work_nz(m->launch_unit_name));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_WORK_START), page_date(req, m->start_on));
	html_f(b, "<dt>%s</dt><dd>", T(req, M_MODEL_ORIGIN));
	if (m->origin_id)
		html_f(b, "<a href=\"/models/%D\">%s</a>", m->origin_id,
		       m->origin_name ? m->origin_name : emu_id(req, m->origin_id));
	else
		html_f(b, "%s", T(req, M_MODEL_ORIGINAL));
	html_f(b, "</dd><dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_CREATED),
	       page_time(req, m->created_at));
	html_f(b, "<dt>%s</dt><dd>%s</dd></dl>", T(req, M_FIELD_UPDATED),
	       page_time(req, m->updated_at));
	html_f(b, "<h2>%s</h2><div class=\"text\">%s</div>", T(req, M_MODEL_DESCRIPTION),
	       work_opt(m->description) ? m->description : "—");
	html_f(b, "<h2>%s</h2><div class=\"text\">%s</div>", T(req, M_MODEL_GOALS),
	       work_opt(m->goals) ? m->goals : "—");
	html_f(b, "<h2>%s</h2><div class=\"text\">%s</div>", T(req, M_MODEL_RESULTS_TEXT),
	       work_opt(m->results) ? m->results : "—");
}

static void timeline(struct request *req, struct response *resp, const struct model_view *v)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"history\"><h2>%s</h2>", T(req, M_MODEL_HISTORY));
	if (!v->n_events) {
		html_f(b, "<p class=\"empty\">%s</p></section>", T(req, M_ACT_NO_HISTORY));
		return;
	}
	html_raw(b, "<ol class=\"timeline\">");
	for (i = 0; i < v->n_events; i++) {
		const struct model_event *ev = &v->events[i];

		html_f(b, "<li><time>%s</time> <strong>%s</strong>", page_time(req, ev->at),
		       event_label(req, ev->action));
		if (ev->level != ML_NONE)
			html_f(b, " · %s", level_label(req, ev->level));
		if (work_opt(ev->decision_no) || ev->decision_on)
			html_f(b, " · %s %s %s %s", T(req, M_EMU_DECISION_NO),
			       work_opt(ev->decision_no) ? ev->decision_no : "—",
			       T(req, M_EMU_DATED), page_date(req, ev->decision_on));
		if (ev->percent >= 0 && !isnan(ev->percent))
			html_f(b, " · %s %s", T(req, M_EMU_SCORE_PERCENT),
			       emu_percent(req, ev->percent));
		if (work_opt(ev->unit_name))
			html_f(b, " · %s", ev->unit_name);
		html_f(b, " <span class=\"muted\">%s</span>",
		       ev->user_name ? ev->user_name : T(req, M_CASE_SYSTEM));
		if (work_opt(ev->note))
			html_f(b, "<div class=\"note\">%s</div>", ev->note);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol></section>");
}

/* ================================================================ evaluations */

static const char *criterion_name(const struct criteria_set *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->n_criteria; i++)
		if (s->criteria[i].id == id)
			return work_nz(s->criteria[i].name);
	return "—";
}

static void eval_rows(struct request *req, struct response *resp, const struct model_view *v,
                      const struct criteria_set *s)
{
	struct strbuf *b = &resp->body;
	size_t i, n = 0;

	for (i = 0; i < v->n_eval_rows; i++)
		if (v->eval_rows[i].set_id == s->id)
			n++;
	if (!n)
		return;
	html_f(
	    b,
	    "<details><summary>%s (%zu)</summary><div class=\"table-wrap\"><table class=\"list\">"
	    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
	    "</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th><th "
	    "scope=\"col\">%s</th></tr></thead><tbody>",
	    T(req, M_MODEL_EVAL_EACH), n, T(req, M_CSET_CRITERION), T(req, M_MODEL_EVALUATOR),
	    T(req, M_FIELD_UNIT), T(req, M_EMU_SCORE), T(req, M_EMU_NOTE), T(req, M_ACT_REV_WHEN));
	for (i = 0; i < v->n_eval_rows; i++) {
		const struct model_eval *r = &v->eval_rows[i];

		if (r->set_id != s->id)
			continue;
		html_f(b,
		       "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td>%s</td>"
		       "<td>%s</td></tr>",
		       criterion_name(s, r->criterion_id), work_nz(r->evaluator_name),
		       work_nz(r->evaluator_unit_name), page_num(req, r->score, 2),
		       work_nz(r->note), page_time(req, r->at));
	}
	html_raw(b, "</tbody></table></div></details>");
}

static void evaluations(struct request *req, struct response *resp, const struct model_view *v)
{
	struct strbuf *b = &resp->body;
	size_t k, i;

	html_f(b, "<section id=\"evaluations\"><h2>%s</h2>", T(req, M_MODEL_EVALUATIONS));
	if (!v->n_evals)
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_MODEL_NO_EVALUATIONS));
	for (k = 0; k < v->n_evals; k++) {
		const struct model_eval_view *ev = &v->evals[k];
		const struct criteria_set *s = &ev->set;

		html_f(b, "<h3><a href=\"/criteria-sets/%D\">%s</a> ", s->id, work_nz(s->name));
		if (ev->passes)
			html_f(b, "<span class=\"badge\">%s</span>", T(req, M_MODEL_EVAL_PASSES));
		else if (ev->total.complete)
			html_f(b, "<span class=\"badge muted\">%s</span>",
			       T(req, M_MODEL_EVAL_BELOW));
		else
			html_f(b, "<span class=\"badge muted\">%s</span>",
			       T(req, M_MODEL_EVAL_INCOMPLETE));
		html_f(b,
		       "</h3><div class=\"table-wrap\"><table class=\"list evaluation\"><thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th "
		       "scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
		       T(req, M_CSET_CRITERION), T(req, M_CSET_WEIGHT), T(req, M_CSET_MAX_SCORE),
		       T(req, M_MODEL_EVAL_MEAN), T(req, M_MODEL_EVALUATORS));
		for (i = 0; i < s->n_criteria; i++)
			html_f(b,
			       "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td "
			       "class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%zu"
			       "</td></tr>",
			       work_nz(s->criteria[i].name),
			       page_num(req, s->criteria[i].weight, 2),
			       page_num(req, s->criteria[i].max_score, 2),
			       ev->scored && ev->scored[i] ? page_num(req, ev->mean[i], 2) : "—",
			       ev->evaluators ? ev->evaluators[i] : (size_t)0);
		html_f(
		    b,
		    "</tbody><tfoot><tr><th scope=\"row\">%s</th><td colspan=\"4\" class=\"num\">"
		    "<strong>%s</strong> / %s (%s)</td></tr></tfoot></table></div>",
		    T(req, M_EMU_TOTAL), page_num(req, ev->total.total, 2),
		    page_num(req, ev->total.max, 2), emu_percent(req, ev->total.percent));
		if (s->pass_percent > 0)
			html_f(b, "<p class=\"hint\">%s: %s</p>", T(req, M_CSET_PASS_PERCENT),
			       emu_percent(req, s->pass_percent));
		eval_rows(req, resp, v, s);
	}
	html_raw(b, "</section>");
}

/* The caller's own earlier score of a criterion, as an input value ("" when none). */
static const char *earlier_score(struct request *req, const struct model_view *v, int64_t cid,
                                 const char **note)
{
	size_t i;

	*note = "";
	for (i = 0; i < v->n_eval_rows; i++)
		if (v->eval_rows[i].criterion_id == cid &&
		    v->eval_rows[i].evaluator_id == req->who->user_id) {
			*note = work_nz(v->eval_rows[i].note);
			return emu_plain(req, v->eval_rows[i].score);
		}
	return "";
}

static const char *field_name(struct request *req, const char *prefix, int64_t id)
{
	const char *s = arena_printf(req->arena, "%s.%lld", prefix, (long long)id);

	return s ? s : prefix;
}

static void evaluate_form(struct request *req, struct response *resp, const struct model_page *p)
{
	struct strbuf *b = &resp->body;
	const struct model_view *v = &p->v;
	size_t i;

	html_f(b, "<section id=\"evaluate\"><h2>%s</h2><p class=\"hint\">%s</p>",
	       T(req, M_MODEL_EVALUATE), T(req, M_MODEL_EVALUATE_HINT));
	if (!p->n_sets) {
		html_f(b,
		       "<p class=\"empty\">%s <a href=\"/criteria-sets/new?purpose=model\">%s</a>"
		       "</p></section>",
		       T(req, M_MODEL_NO_SETS), T(req, M_CSET_NEW));
		return;
	}
	html_f(b, "<p>%s</p><ul class=\"links\">", T(req, M_MODEL_CHOOSE_SET));
	for (i = 0; i < p->n_sets; i++)
		html_f(b,
		       "<li><a href=\"/models/%D?set=%D#evaluate\"%R>%s</a> <span class=\"muted\">"
		       "%s</span></li>",
		       v->m.id, p->sets[i].id,
		       p->have_chosen && p->chosen.id == p->sets[i].id ? " aria-current=\"true\""
		                                                       : "",
		       work_nz(p->sets[i].name), work_nz(p->sets[i].unit_name));
	html_raw(b, "</ul>");
	if (!p->have_chosen) {
		html_raw(b, "</section>");
		return;
	}
	html_f(b, "<h3>%s</h3>", work_nz(p->chosen.name));
	form_begin(req, resp, emu_href(req, "models", v->m.id, "/evaluations"));
	html_f(
	    b,
	    "<input type=\"hidden\" name=\"criteria_set\" value=\"%D\"><div class=\"table-wrap\">"
	    "<table class=\"list scores\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\" "
	    "class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s"
	    "</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	    p->chosen.id, T(req, M_CSET_CRITERION), T(req, M_CSET_WEIGHT), T(req, M_CSET_MAX_SCORE),
	    T(req, M_EMU_SCORE), T(req, M_EMU_NOTE));
	for (i = 0; i < p->chosen.n_criteria; i++) {
		const struct criterion *c = &p->chosen.criteria[i];
		const char *sname = field_name(req, "score", c->id);
		const char *nname = field_name(req, "note", c->id);
		const char *note, *score = earlier_score(req, v, c->id, &note);

		if (emu_posted(req, sname)) {
			score = emu_posted(req, sname);
			note = work_nz(emu_posted(req, nname));
		}
		html_f(b, "<tr><th scope=\"row\"><label for=\"%s\">%s</label>", sname,
		       work_nz(c->name));
		if (work_opt(c->guidance))
			html_f(b, "<p class=\"hint\">%s</p>", c->guidance);
		html_f(
		    b,
		    "</th><td class=\"num\">%s</td><td class=\"num\">%s</td><td><input id=\"%s\" "
		    "name=\"%s\" type=\"text\" inputmode=\"decimal\" maxlength=\"12\" size=\"6\" "
		    "value=\"%s\"></td><td><input name=\"%s\" type=\"text\" maxlength=\"500\" "
		    "value=\"%s\" aria-label=\"%s\"></td></tr>",
		    page_num(req, c->weight, 2), page_num(req, c->max_score, 2), sname, sname,
		    score, nname, note, T(req, M_EMU_NOTE));
	}
	html_f(b,
	       "</tbody></table></div><div class=\"actions\"><button type=\"submit\">%s</button>"
	       "</div>",
	       T(req, M_MODEL_EVALUATE_SAVE));
	form_end(req, resp);
	html_raw(b, "</section>");
}

/* ================================================================ status steps */

/* The value typed in the step form of `action` refused just now, else `dflt`. */
static const char *step_value(const struct request *req, const char *action, const char *name,
                              const char *dflt)
{
	const char *a = emu_posted(req, "action");

	if (a && !strcmp(a, action) && emu_posted(req, name))
		return emu_posted(req, name);
	return dflt;
}

static void decision_fields(struct request *req, struct response *resp, const char *action)
{
	const char *no = arena_printf(req->arena, "%s_decision_no", action);
	const char *on = arena_printf(req->arena, "%s_decision_on", action);
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<div class=\"field\"><label for=\"%s\">%s *</label><input id=\"%s\" "
	       "name=\"decision_no\" type=\"text\" maxlength=\"100\" required value=\"%s\"></div>",
	       work_nz(no), T(req, M_EMU_DECISION_NO), work_nz(no),
	       work_nz(step_value(req, action, "decision_no", "")));
	html_f(b,
	       "<div class=\"field\"><label for=\"%s\">%s *</label><input id=\"%s\" "
	       "name=\"decision_on\" type=\"date\" required value=\"%s\"></div>",
	       work_nz(on), T(req, M_EMU_DECISION_ON), work_nz(on),
	       work_nz(step_value(req, action, "decision_on", emu_today(req))));
}

static void step_forms(struct request *req, struct response *resp, const struct model_view *v)
{
	struct strbuf *b = &resp->body;
	const struct model *m = &v->m;
	const char *act = emu_href(req, "models", m->id, "/status");
	bool implement =
	    v->can_edit && !model_transition(m->status, m->level, MA_IMPLEMENT, ML_NONE);
	bool recognise = v->can_decide && v->decide_level != ML_NONE &&
	                 !model_transition(m->status, m->level, MA_RECOGNISE, v->decide_level);
	bool typical = v->can_decide && !model_transition(m->status, m->level, MA_TYPICAL, ML_NONE);
	bool withdraw = (v->can_edit || v->can_decide) &&
	                !model_transition(m->status, m->level, MA_WITHDRAW, ML_NONE);
	const char *lvl = step_value(req, "recognise", "level", model_levels[v->decide_level].code);
	const char *set = step_value(req, "recognise", "criteria_set", NULL);
	size_t i;
	int l;

	if (!implement && !recognise && !typical && !withdraw)
		return;
	html_f(b, "<section id=\"status\"><h2>%s</h2>", T(req, M_MODEL_STEPS));
	if (implement) {
		html_f(b, "<h3>%s</h3><p class=\"hint\">%s</p>", T(req, M_MODEL_STEP_IMPLEMENT),
		       T(req, M_MODEL_STEP_IMPLEMENT_HINT));
		form_begin(req, resp, act);
		html_f(b,
		       "<input type=\"hidden\" name=\"action\" value=\"implementing\"><div "
		       "class=\"actions\"><button type=\"submit\">%s</button></div>",
		       T(req, M_MODEL_STEP_IMPLEMENT));
		form_end(req, resp);
	}
	if (recognise) {
		html_f(b, "<h3>%s</h3><p class=\"hint\">%s</p>", T(req, M_MODEL_STEP_RECOGNISE),
		       T(req, M_MODEL_STEP_RECOGNISE_HINT));
		if (!v->n_evals) {
			html_f(b, "<p class=\"empty\">%s</p>",
			       T(req, M_MODEL_RECOGNISE_NEEDS_EVAL));
		} else {
			form_begin(req, resp, act);
			html_f(b,
			       "<input type=\"hidden\" name=\"action\" value=\"recognise\"><div "
			       "class=\"field\"><label for=\"level\">%s *</label><select "
			       "id=\"level\" name=\"level\" required>",
			       T(req, M_MODEL_LEVEL));
			for (l = ML_COMMUNE; l < ML__COUNT; l++)
				html_f(b, "<option value=\"%s\"%R>%s</option>",
				       model_levels[l].code,
				       lvl && !strcmp(lvl, model_levels[l].code) ? " selected" : "",
				       level_label(req, (enum model_level)l));
			html_f(
			    b,
			    "</select></div><div class=\"field\"><label for=\"criteria_set\">%s *"
			    "</label><select id=\"criteria_set\" name=\"criteria_set\" required>",
			    T(req, M_MODEL_EVAL_SET));
			for (i = 0; i < v->n_evals; i++) {
				const struct model_eval_view *ev = &v->evals[i];
				const char *id = emu_id(req, ev->set.id);

				html_f(b, "<option value=\"%s\"%R>%s — %s%R%s</option>", id,
				       (set && !strcmp(set, id)) || (!set && ev->passes)
				           ? " selected"
				           : "",
				       work_nz(ev->set.name), emu_percent(req, ev->total.percent),
				       ev->passes ? " · " : "",
				       ev->passes ? T(req, M_MODEL_EVAL_PASSES) : "");
				if (!set && ev->passes)
					set = id;
			}
			html_raw(b, "</select></div>");
			decision_fields(req, resp, "recognise");
			html_f(
			    b,
			    "<div class=\"field\"><label "
			    "for=\"recognise_note\">%s</label><textarea "
			    "id=\"recognise_note\" name=\"reason\" rows=\"2\" maxlength=\"%d\">%s"
			    "</textarea></div><div class=\"actions\"><button type=\"submit\">%s"
			    "</button></div>",
			    T(req, M_EMU_NOTE), EMU_TEXT_MAX,
			    work_nz(step_value(req, "recognise", "reason", "")),
			    T(req, M_MODEL_STEP_RECOGNISE));
			form_end(req, resp);
		}
	}
	if (typical) {
		html_f(b, "<h3>%s</h3><p class=\"hint\">%s</p>", T(req, M_MODEL_STEP_TYPICAL),
		       T(req, M_MODEL_STEP_TYPICAL_HINT));
		form_begin(req, resp, act);
		html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"typical\">");
		decision_fields(req, resp, "typical");
		html_f(
		    b,
		    "<div class=\"field\"><label for=\"typical_note\">%s</label><textarea "
		    "id=\"typical_note\" name=\"reason\" rows=\"2\" maxlength=\"%d\">%s</textarea>"
		    "</div><div class=\"actions\"><button type=\"submit\">%s</button></div>",
		    T(req, M_EMU_NOTE), EMU_TEXT_MAX,
		    work_nz(step_value(req, "typical", "reason", "")),
		    T(req, M_MODEL_STEP_TYPICAL));
		form_end(req, resp);
	}
	if (withdraw) {
		html_f(b, "<details><summary>%s</summary><p class=\"hint\">%s</p>",
		       T(req, M_MODEL_STEP_WITHDRAW), T(req, M_MODEL_STEP_WITHDRAW_HINT));
		form_begin(req, resp, act);
		html_f(
		    b,
		    "<input type=\"hidden\" name=\"action\" value=\"withdraw\"><div "
		    "class=\"field\">"
		    "<label for=\"withdraw_reason\">%s *</label><textarea id=\"withdraw_reason\" "
		    "name=\"reason\" rows=\"2\" maxlength=\"%d\" required>%s</textarea></div><div "
		    "class=\"actions\"><button type=\"submit\" class=\"danger\">%s</button></div>",
		    T(req, M_MODEL_WITHDRAWN_REASON), EMU_TEXT_MAX,
		    work_nz(step_value(req, "withdraw", "reason", "")),
		    T(req, M_MODEL_STEP_WITHDRAW));
		form_end(req, resp);
		html_raw(b, "</details>");
	}
	html_raw(b, "</section>");
}

/* ================================================================ where it spread */

/* Vietnam's bounding box, drawn equirectangular at MAP_SCALE pixels per degree. */
#define MAP_LON0  102.1
#define MAP_LON1  109.5
#define MAP_LAT0  8.4
#define MAP_LAT1  23.4
#define MAP_SCALE 40.0
#define MAP_W     ((MAP_LON1 - MAP_LON0) * MAP_SCALE)
#define MAP_H     ((MAP_LAT1 - MAP_LAT0) * MAP_SCALE)

static bool map_xy(double lat, double lon, double *x, double *y)
{
	if (isnan(lat) || isnan(lon) || lat < MAP_LAT0 || lat > MAP_LAT1 || lon < MAP_LON0 ||
	    lon > MAP_LON1)
		return false;
	*x = (lon - MAP_LON0) * MAP_SCALE;
	*y = (MAP_LAT1 - lat) * MAP_SCALE;
	return true;
}

/* A coordinate for an SVG attribute: a plain decimal point whatever the page's language. */
static const char *coord(struct request *req, double v)
{
	const char *s = arena_printf(req->arena, "%.1f", v);

	return s ? s : "0";
}

/* Where a replica's origin is drawn: the model itself or another replica. */
static bool origin_xy(const struct model_page *p, int64_t origin_id, double *x, double *y)
{
	size_t i;

	if (origin_id == p->v.m.id)
		return p->located && map_xy(p->lat, p->lon, x, y);
	for (i = 0; i < p->v.n_replicas; i++)
		if (p->v.replicas[i].id == origin_id)
			return map_xy(p->v.replicas[i].lat, p->v.replicas[i].lon, x, y);
	return false;
}

static const char *point_title(struct request *req, const char *name, const char *area,
                               enum model_status st)
{
	const char *s = arena_printf(req->arena, "%s — %s (%s)", work_nz(name), work_nz(area),
	                             emu_label(req, model_statuses, MS__COUNT, (int)st));

	return s ? s : work_nz(name);
}

static void spread_map(struct request *req, struct response *resp, const struct model_page *p)
{
	struct strbuf *b = &resp->body;
	const struct model_view *v = &p->v;
	double x = 0, y = 0, ox = 0, oy = 0;
	size_t i, shown = 0;
	bool home = p->located && map_xy(p->lat, p->lon, &ox, &oy);
	int d;

	for (i = 0; i < v->n_replicas; i++)
		if (map_xy(v->replicas[i].lat, v->replicas[i].lon, &x, &y))
			shown++;
	if (!home && !shown) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_MODEL_MAP_NONE));
		return;
	}
	html_f(
	    b,
	    "<figure class=\"map\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %s %s\" "
	    "width=\"%s\" height=\"%s\" role=\"img\" aria-labelledby=\"map-title\"><title "
	    "id=\"map-title\">%s</title><rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" "
	    "fill=\"#f4f7fb\" stroke=\"#9aa5b1\"/>",
	    coord(req, MAP_W), coord(req, MAP_H), coord(req, MAP_W), coord(req, MAP_H),
	    T(req, M_MODEL_MAP_TITLE), coord(req, MAP_W), coord(req, MAP_H));
	/* a graticule every two degrees, so that the points can be read without a basemap */
	for (d = 10; d <= 22; d += 2) {
		map_xy(d, MAP_LON0, &x, &y);
		html_f(b,
		       "<line x1=\"0\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#dde3ea\"/><text "
		       "x=\"3\" "
		       "y=\"%s\" font-size=\"10\" fill=\"#6b7785\">%d°N</text>",
		       coord(req, y), coord(req, MAP_W), coord(req, y), coord(req, y - 3), d);
	}
	for (d = 103; d <= 109; d += 2) {
		map_xy(MAP_LAT0, d, &x, &y);
		html_f(b,
		       "<line x1=\"%s\" y1=\"0\" x2=\"%s\" y2=\"%s\" stroke=\"#dde3ea\"/><text "
		       "x=\"%s\" "
		       "y=\"%s\" font-size=\"10\" fill=\"#6b7785\">%d°E</text>",
		       coord(req, x), coord(req, x), coord(req, MAP_H), coord(req, x + 2),
		       coord(req, MAP_H - 4), d);
	}
	/* who copied whom: a line from each replica to its origin */
	for (i = 0; i < v->n_replicas; i++) {
		double px, py;

		if (!map_xy(v->replicas[i].lat, v->replicas[i].lon, &x, &y) ||
		    !origin_xy(p, v->replicas[i].origin_id, &px, &py))
			continue;
		html_f(b,
		       "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#b0413e\" "
		       "stroke-width=\"1\" stroke-dasharray=\"3 2\"/>",
		       coord(req, px), coord(req, py), coord(req, x), coord(req, y));
	}
	for (i = 0; i < v->n_replicas; i++) {
		const struct model_replica *r = &v->replicas[i];

		if (!map_xy(r->lat, r->lon, &x, &y))
			continue;
		html_f(
		    b,
		    "<a href=\"/models/%D\"><circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"#1f6feb\" "
		    "stroke=\"#ffffff\" stroke-width=\"1.5\"><title>%s</title></circle></a>",
		    r->id, coord(req, x), coord(req, y),
		    point_title(req, r->name, r->area_name ? r->area_name : r->area_code,
		                r->status));
	}
	if (home)
		html_f(b,
		       "<circle cx=\"%s\" cy=\"%s\" r=\"8\" fill=\"#b0413e\" stroke=\"#ffffff\" "
		       "stroke-width=\"2\"><title>%s</title></circle>",
		       coord(req, ox), coord(req, oy),
		       point_title(req, v->m.name, v->m.area_name ? v->m.area_name : v->m.area_code,
		                   v->m.status));
	html_raw(b, "</svg><figcaption>");
	html_f(b, T(req, M_MODEL_MAP_CAPTION), shown, v->n_replicas);
	html_raw(b, "</figcaption></figure>");
}

static void figures_cells(struct request *req, struct strbuf *b, const struct work_figures *f)
{
	html_f(b,
	       "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td "
	       "class=\"num\">%s</td>",
	       page_int(req, f->n), page_int(req, f->households), page_int(req, f->persons),
	       page_int(req, f->value_cash + f->value_kind));
}

static void replications(struct request *req, struct response *resp, const struct model_page *p)
{
	struct strbuf *b = &resp->body;
	const struct model_view *v = &p->v;
	size_t i;

	html_f(b, "<section id=\"replications\"><h2>%s</h2>", T(req, M_MODEL_REPLICATIONS));
	html_raw(b, "<p class=\"count\">");
	html_f(b, T(req, M_MODEL_REPLICA_COUNT), page_int(req, v->direct_replicas),
	       page_int(req, (int64_t)v->n_replicas));
	html_raw(b, "</p>");
	spread_map(req, resp, p);
	if (!v->n_replicas) {
		html_f(b, "<p class=\"empty\">%s</p></section>", T(req, M_MODEL_NO_REPLICAS));
		return;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list replications\"><thead><tr><th "
	       "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
	       "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
	       "scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th><th "
	       "scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr>"
	       "</thead><tbody>",
	       T(req, M_MODEL_NAME), T(req, M_WORK_AREA), T(req, M_MODEL_OWNER),
	       T(req, M_FIELD_STATUS), T(req, M_MODEL_LEVEL), T(req, M_WORK_START),
	       T(req, M_ROLL_N), T(req, M_ACT_HOUSEHOLDS), T(req, M_ACT_PERSONS),
	       T(req, M_ACT_VALUE_TOTAL));
	for (i = 0; i < v->n_replicas; i++) {
		const struct model_replica *r = &v->replicas[i];

		html_f(b, "<tr><td><a href=\"/models/%D\">%s</a>", r->id, work_nz(r->name));
		if (r->depth > 1)
			html_f(b, " <span class=\"muted\">(%s %d)</span>", T(req, M_MODEL_DEPTH),
			       r->depth);
		html_raw(b, "</td><td>");
		area_link(b, r->area_code, r->area_name);
		html_f(b, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
		       work_nz(r->owner_unit_name),
		       emu_label(req, model_statuses, MS__COUNT, (int)r->status),
		       r->level != ML_NONE ? level_label(req, r->level) : "—",
		       page_date(req, r->start_on));
		figures_cells(req, b, &r->f);
		html_raw(b, "</tr>");
	}
	html_f(b, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"6\">%s</th>",
	       T(req, M_ROLL_TOTAL));
	figures_cells(req, b, &v->replica_totals);
	html_raw(b, "</tr></tfoot></table></div></section>");
}

/* ================================================================ results, photos, awards */

static void results(struct request *req, struct response *resp, const struct model_view *v)
{
	struct strbuf *b = &resp->body;
	const struct work_figures *t = &v->totals;
	size_t i;

	html_f(b, "<section id=\"results\"><h2>%s</h2><p class=\"hint\">%s</p>",
	       T(req, M_MODEL_RESULTS), T(req, M_MODEL_RESULTS_INTRO));
	html_f(b, "<dl class=\"details\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
	       T(req, M_ROLL_N), page_int(req, t->n), T(req, M_ACT_PARTICIPANTS),
	       page_int(req, t->participants));
	html_f(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
	       T(req, M_ACT_WORKDAYS), page_num(req, t->workdays, 2), T(req, M_ACT_HOUSEHOLDS),
	       page_int(req, t->households), T(req, M_ACT_PERSONS), page_int(req, t->persons));
	html_f(b, "<dt>%s</dt><dd><strong>%s</strong> %s</dd></dl>", T(req, M_ACT_VALUE_TOTAL),
	       page_int(req, t->value_cash + t->value_kind), T(req, M_WORK_VND));
	if (v->n_measures) {
		html_f(b,
		       "<h3>%s</h3><div class=\"table-wrap\"><table class=\"list\"><thead><tr><th "
		       "scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th "
		       "scope=\"col\">%s</th></tr></thead><tbody>",
		       T(req, M_ACT_MEASURES), T(req, M_ROLL_MEASURE), T(req, M_ROLL_AMOUNT),
		       T(req, M_ROLL_UNIT_LABEL));
		for (i = 0; i < v->n_measures; i++)
			html_f(b,
			       "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td>%s</td>"
			       "</tr>",
			       page_pick(req, v->measures[i].name, v->measures[i].name_en),
			       page_num(req, v->measures[i].f.workdays, 3),
			       work_nz(v->measures[i].month));
		html_raw(b, "</tbody></table></div>");
	}
	html_f(b, "<h3>%s</h3>", T(req, M_MODEL_ACTIVITIES));
	if (!v->n_acts) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_MODEL_NO_ACTIVITIES));
	} else {
		html_f(
		    b,
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th><th scope=\"col\" class=\"num\">%s</th>%R</tr></thead><tbody>",
		    T(req, M_ACT_DATE), T(req, M_ACT_TYPE), T(req, M_ACT_TITLE),
		    T(req, M_WORK_AREA), T(req, M_ACT_VALUE_TOTAL),
		    v->can_edit ? "<th scope=\"col\"></th>" : "");
		for (i = 0; i < v->n_acts; i++) {
			const struct model_act *x = &v->acts[i];

			html_f(
			    b,
			    "<tr><td>%s</td><td>%s</td><td><a href=\"/activities/%D\">%s</a></td>"
			    "<td>%s</td><td class=\"num\">%s</td>",
			    work_period(req, x->start_on, x->end_on),
			    work_type_label(req, x->type_code, x->type_name, x->type_name_en),
			    x->id, work_nz(x->title),
			    x->area_name ? x->area_name : work_nz(x->area_code),
			    page_int(req, x->f.value_cash + x->f.value_kind));
			if (v->can_edit) {
				html_raw(b, "<td>");
				form_begin(req, resp,
				           arena_printf(req->arena,
				                        "/models/%lld/activities/%lld/delete",
				                        (long long)v->m.id, (long long)x->id));
				html_f(
				    b,
				    "<button type=\"submit\" class=\"small secondary\">%s</button>",
				    T(req, M_MODEL_UNLINK));
				form_end(req, resp);
				html_raw(b, "</td>");
			}
			html_raw(b, "</tr>");
		}
		html_raw(b, "</tbody></table></div>");
		if (t->n > (int64_t)v->n_acts)
			html_f(b, "<p class=\"hint\">%s: %s</p>", T(req, M_RESULT_COUNT),
			       page_int(req, t->n));
	}
	if (v->can_edit) {
		html_f(b, "<h3>%s</h3>", T(req, M_MODEL_LINK));
		form_begin(req, resp, emu_href(req, "models", v->m.id, "/activities"));
		html_f(
		    b,
		    "<div class=\"field\"><label for=\"activity\">%s *</label><input "
		    "id=\"activity\" name=\"activity\" type=\"text\" inputmode=\"numeric\" "
		    "maxlength=\"19\" required value=\"%s\" aria-describedby=\"activity_hint\"><p "
		    "class=\"hint\" id=\"activity_hint\">%s</p></div><div class=\"actions\">"
		    "<button type=\"submit\">%s</button></div>",
		    T(req, M_MODEL_ACTIVITY_ID), work_nz(emu_posted(req, "activity")),
		    T(req, M_MODEL_LINK_HINT), T(req, M_MODEL_LINK));
		form_end(req, resp);
	}
	html_raw(b, "</section>");
}

static void photos(struct request *req, struct response *resp, const struct model_view *v)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"photos\"><h2>%s (%zu)</h2>", T(req, M_ACT_PHOTOS), v->n_photos);
	if (!v->n_photos)
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_ACT_NO_PHOTOS));
	else
		html_raw(b, "<ul class=\"photos\">");
	for (i = 0; i < v->n_photos; i++) {
		const struct activity_photo *ph = &v->photos[i];
		const char *cap = work_opt(ph->caption);

		html_f(b,
		       "<li><figure><a href=\"/model-photos/%D\"><img src=\"/model-photos/%D\" "
		       "alt=\"%s\" width=\"240\" loading=\"lazy\"></a><figcaption>%s <span "
		       "class=\"muted\">%s</span></figcaption></figure>",
		       ph->id, ph->id, cap ? cap : T(req, M_MODEL_PHOTO_ALT), cap ? cap : "",
		       page_time(req, ph->created_at));
		if (v->can_edit) {
			form_begin(req, resp, emu_href(req, "model-photos", ph->id, "/delete"));
			html_f(b, "<button type=\"submit\" class=\"small danger\">%s</button>",
			       T(req, M_ACT_PHOTO_DELETE));
			form_end(req, resp);
		}
		html_raw(b, "</li>");
	}
	if (v->n_photos)
		html_raw(b, "</ul>");
	if (v->can_edit && v->n_photos < PHOTOS_PER_ACTIVITY) {
		html_f(b,
		       "<h3>%s</h3><form method=\"post\" action=\"/models/%D/photos\" "
		       "enctype=\"multipart/form-data\">",
		       T(req, M_ACT_PHOTO_ADD), v->m.id);
		form_csrf(req, resp);
		html_f(b,
		       "<div class=\"field\"><label for=\"photo\">%s *</label><input id=\"photo\" "
		       "name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/webp\" "
		       "required aria-describedby=\"photo_hint\"><p class=\"hint\" "
		       "id=\"photo_hint\">",
		       T(req, M_ACT_PHOTO_FILE));
		html_f(b, T(req, M_MODEL_PHOTO_HINT), PHOTO_MAX_BYTES / (1024 * 1024),
		       PHOTOS_PER_ACTIVITY);
		html_f(b,
		       "</p></div><div class=\"field\"><label for=\"caption\">%s</label><input "
		       "id=\"caption\" name=\"caption\" type=\"text\" maxlength=\"200\"></div>"
		       "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		       T(req, M_ACT_PHOTO_CAPTION), T(req, M_ACT_PHOTO_UPLOAD));
		form_end(req, resp);
	}
	html_raw(b, "</section>");
}

static void awards(struct request *req, struct response *resp, const struct model_view *v)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"awards\"><h2>%s</h2>", T(req, M_MODEL_AWARDS));
	if (!v->n_awards)
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_AWARD_NONE));
	else
		html_f(b,
		       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th "
		       "scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th "
		       "scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		       T(req, M_AWARD_FORM), T(req, M_AWARD_YEAR), T(req, M_AWARD_ACHIEVEMENT),
		       T(req, M_FIELD_STATUS));
	for (i = 0; i < v->n_awards; i++) {
		const struct award *aw = &v->awards[i];

		html_f(b,
		       "<tr><td><a href=\"/awards/%D\">%s</a></td><td class=\"num\">%d</td><td>%s"
		       "</td><td>%s</td></tr>",
		       aw->id, work_type_label(req, aw->form_code, aw->form_name, aw->form_name_en),
		       aw->year, work_nz(aw->achievement),
		       emu_label(req, award_statuses, AW__COUNT, (int)aw->status));
	}
	if (v->n_awards)
		html_raw(b, "</tbody></table></div>");
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(
		    b,
		    "<p><a class=\"button secondary\" href=\"/awards/new?recipient_kind=model&amp;"
		    "model=%D\">%s</a></p>",
		    v->m.id, T(req, M_MODEL_PROPOSE_AWARD));
	html_raw(b, "</section>");
}

/* ================================================================ the page */

/* The sets the caller may evaluate with: active 'model' sets of their unit or above. */
static enum dv_err usable_sets(struct request *req, struct model_page *p, struct dv_error *e)
{
	struct criteria_set_filter f;
	struct criteria_set *all = NULL;
	int64_t total = 0;
	size_t n = 0, i;

	memset(&f, 0, sizeof(f));
	f.purpose = "model";
	f.active_only = true;
	f.limit = SETS_SHOWN_MAX;
	if (criteria_set_list(req->db, &req->scope, &f, req->arena, &all, &n, &total, e) != DV_OK)
		return e->code;
	p->sets = all;
	p->n_sets = 0;
	for (i = 0; i < n; i++)
		if (criteria_set_usable_by(req->db, all[i].id, req->who->unit_id, NULL) == DV_OK)
			p->sets[p->n_sets++] = all[i];
	return DV_OK;
}

static bool offered(const struct model_page *p, int64_t set_id)
{
	size_t i;

	for (i = 0; i < p->n_sets; i++)
		if (p->sets[i].id == set_id)
			return true;
	return false;
}

/* The model's page; `error` comes from a form on it that was refused. */
static void render_model(struct request *req, struct response *resp, int status, int64_t id,
                         const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct model_page p;
	const struct model *m;
	const char *s;
	int64_t set_id = 0;
	bool own = false;
	struct area ar;

	memset(&p, 0, sizeof(p));
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_model_view(req->app, req->db, &req->scope, id, req->arena, &p.v, &e) != DV_OK)
		goto fail_tx;
	m = &p.v.m;
	if (p.v.can_evaluate) {
		if (usable_sets(req, &p, &e) != DV_OK)
			goto fail_tx;
		s = emu_posted(req, "criteria_set");
		if (!s)
			s = params_get(&req->query, "set");
		/* only a set the caller may use (one of those offered) gets the score form */
		if (work_opt(s) && parse_int64(s, &set_id) && offered(&p, set_id) &&
		    criteria_set_get(req->db, &req->scope, set_id, req->arena, &p.chosen, NULL) ==
		        DV_OK)
			p.have_chosen = true;
	}
	/* where the model is on the map: its area, or the commune of a village (villages have
	 * no centroid of their own) */
	if (m->area_code &&
	    area_get(req->db, &req->scope, m->area_code, req->arena, &ar, NULL) == DV_OK &&
	    (ar.has_centroid ||
	     (ar.parent_code &&
	      area_get(req->db, &req->scope, ar.parent_code, req->arena, &ar, NULL) == DV_OK &&
	      ar.has_centroid))) {
		p.located = true;
		p.lat = ar.lat;
		p.lon = ar.lon;
	}
	resp->status = status;
	page_begin(req, resp, work_nz(m->name));
	page_read_end(req, own);

	work_crumbs(req, resp, "/models", T(req, M_MODEL_LIST_TITLE), work_nz(m->name));
	html_f(b, "<h1>%s</h1>", work_nz(m->name));
	if (error)
		page_notice(req, resp, "error", error);
	if (params_get(&req->query, "saved"))
		page_notice(req, resp, "ok", T(req, M_EMU_SAVED));
	html_raw(b, "<p class=\"actions\">");
	if (p.v.can_edit)
		html_f(b, "<a class=\"button\" href=\"/models/%D/edit\">%s</a> ", m->id,
		       T(req, M_WORK_EDIT));
	if (scope_can(&req->scope, PERM_WORK_WRITE) && m->status != MS_WITHDRAWN)
		html_f(b, "<a class=\"button secondary\" href=\"/models/new?origin=%D\">%s</a> ",
		       m->id, T(req, M_MODEL_REPLICATE));
	html_f(b, "<a class=\"button secondary\" href=\"/models?origin=%D\">%s</a></p>", m->id,
	       T(req, M_MODEL_DIRECT_REPLICAS));
	details(req, resp, m);
	step_forms(req, resp, &p.v);
	evaluations(req, resp, &p.v);
	if (p.v.can_evaluate)
		evaluate_form(req, resp, &p);
	replications(req, resp, &p);
	results(req, resp, &p.v);
	photos(req, resp, &p.v);
	awards(req, resp, &p.v);
	timeline(req, resp, &p.v);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

void h_model(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_model(req, resp, 200, id, NULL);
}

/* After a form on the page: back to it (at `anchor`), or the page again with the error. */
static void answered(struct request *req, struct response *resp, int64_t id, enum dv_err ret,
                     const struct dv_error *e, const char *anchor)
{
	int status;

	if (ret == DV_OK) {
		resp_redirect(req, resp, emu_href(req, "models", id, anchor));
		return;
	}
	status = work_form_status(e->code);
	if (!status) {
		resp_fail(req, resp, e); /* 404 out of scope, 403, 5xx */
		return;
	}
	render_model(req, resp, status, id, page_error_text(req, e));
}

void h_model_evaluate(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct model_score_input *scores;
	const struct params *p = &req->form;
	size_t i, n = 0;
	int64_t id;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	scores = arena_new_array(req->arena, struct model_score_input, EMU_CRITERIA_MAX + 1);
	if (!scores) {
		resp_error(req, resp, 500, DV_ENOMEM, "out of memory");
		return;
	}
	/* one score.<criterion> field per criterion; those left empty are not scored now */
	for (i = 0; i < p->n && n <= EMU_CRITERIA_MAX; i++) {
		const char *name = p->v[i].name;

		if (strncmp(name, "score.", 6) || !work_opt(p->v[i].value))
			continue;
		scores[n].criterion = name + 6;
		scores[n].score = p->v[i].value;
		scores[n].note = params_get(p, arena_printf(req->arena, "note.%s", name + 6));
		n++;
	}
	ret = app_model_evaluate(req->app, req->db, &req->scope, req->who->login, id,
	                         params_get(p, "criteria_set"), scores, n, &e);
	answered(req, resp, id, ret, &e, "?saved=1#evaluations");
}

void h_model_step(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct model_step_input in;
	int64_t id;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	memset(&in, 0, sizeof(in));
	in.action = work_nz(params_get(p, "action"));
	in.level = params_get(p, "level");
	in.criteria_set = params_get(p, "criteria_set");
	in.decision_no = params_get(p, "decision_no");
	in.decision_on = params_get(p, "decision_on");
	in.reason = params_get(p, "reason");
	ret = app_model_step(req->app, req->db, &req->scope, req->who->login, id, &in, &e);
	answered(req, resp, id, ret, &e, "?saved=1");
}

void h_model_link(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	ret = app_model_link(req->app, req->db, &req->scope, req->who->login, id,
	                     work_nz(params_get(&req->form, "activity")), true, &e);
	answered(req, resp, id, ret, &e, "?saved=1#results");
}

void h_model_unlink(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, aid;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id) || !work_arg_id(req, resp, 1, &aid))
		return;
	ret = app_model_link(req->app, req->db, &req->scope, req->who->login, id, emu_id(req, aid),
	                     false, &e);
	answered(req, resp, id, ret, &e, "#results");
}

/* ================================================================ photos */

/* The uploaded file of field `name` (the first file when none has that name); NULL if none. */
void h_model_photo_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct multipart_part *part;
	int64_t id, photo_id = 0;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	part = work_upload(req, "photo");
	if (!part || !part->len) {
		render_model(req, resp, 400, id, T(req, M_ACT_PHOTO_MISSING));
		return;
	}
	ret = app_model_photo_add(req->app, req->db, &req->scope, req->who->login, id, part->data,
	                          part->len, params_get(&req->form, "caption"), &photo_id, &e);
	answered(req, resp, id, ret, &e, "#photos");
}

void h_model_photo_delete(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, model;

	/* which model to go back to */
	if (!work_photo_owner(req, resp, model_photo_get, &id, &model))
		return;
	if (app_model_photo_delete(req->app, req->db, &req->scope, req->who->login, id, &e) !=
	    DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_redirect(req, resp, emu_href(req, "models", model, "#photos"));
}

void h_model_photo(struct request *req, struct response *resp)
{
	work_photo_send(req, resp, model_photo_get, "model-photo");
}
