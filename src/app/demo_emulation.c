/* demo_emulation.c: the demo's "clever mass mobilisation" models, one emulation round and the
 * commendations of a few provinces: criteria sets, forty models and exemplars in communes
 * (registered, implementing, evaluated, recognised, replicated, a couple withdrawn) with demo
 * activities linked as their results, a round scored and reviewed, and award proposals and
 * decisions. All synthetic ("minh họa"), reproducible, written through the app's use cases. */
#include "app/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "app/emulation.h"
#include "base/arena.h"
#include "base/date.h"
#include "store/unit.h"
#include "store/work.h"

#include "base/banned.h"

#define ACTOR          "demo"
#define MAX_PROVINCES  6
#define N_ORIGINALS    28
#define N_REPLICAS     12
#define ROUND_COMMUNES 4

static const char synthetic[] = "Dữ liệu mẫu (demo): mô hình minh họa, không phải mô hình thật.";

/* A deterministic spread: the same demo every time. */
static unsigned pick(uint64_t seed, unsigned salt, unsigned n)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + salt * 0xbf58476d1ce4e5b9ull;

	x ^= x >> 31;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 29;
	return n ? (unsigned)(x % n) : 0;
}

/* What becomes of an original model. */
enum fate {
	F_REGISTERED,    /* registered, nothing more yet */
	F_WITHDRAWN_REG, /* withdrawn before it started */
	F_IMPL,          /* implementing, not evaluated */
	F_WITHDRAWN,     /* implementing, then withdrawn */
	F_FAIL,          /* evaluated below the pass mark */
	F_PARTIAL,       /* evaluated on some criteria only */
	F_COMMUNE,       /* recognised at commune level */
	F_PROVINCE,      /* then at province level */
	F_TYPICAL,       /* then declared typical */
};

/* The originals in order (province g % np, so the first two provinces start with a province-
 * level recognition): ten commune, three province-level recognitions, one of them typical. */
static const unsigned char fates[N_ORIGINALS] = {
    F_PROVINCE,   F_PROVINCE,      F_COMMUNE, F_COMMUNE,    F_IMPL,    F_IMPL,      F_COMMUNE,
    F_FAIL,       F_TYPICAL,       F_COMMUNE, F_REGISTERED, F_PARTIAL, F_WITHDRAWN, F_COMMUNE,
    F_FAIL,       F_WITHDRAWN_REG, F_IMPL,    F_COMMUNE,    F_COMMUNE, F_IMPL,      F_PARTIAL,
    F_REGISTERED, F_COMMUNE,       F_IMPL,    F_IMPL,       F_COMMUNE, F_IMPL,      F_COMMUNE,
};

struct tpl {
	const char *kind, *field, *name, *goals;
};

static const struct tpl tpls[] = {
    {"model", "economy", "Mô hình “Dân vận khéo” giúp hộ nghèo phát triển kinh tế",
     "Giúp các hộ nghèo, cận nghèo có sinh kế ổn định, thoát nghèo bền vững."},
    {"model", "culture_society", "Mô hình “Đường hoa tự quản”",
     "Nhân dân tự trồng, chăm sóc đường hoa; khu dân cư xanh, sạch, đẹp."},
    {"model", "defence_security", "Mô hình “Camera an ninh khu dân cư”",
     "Nhân dân góp kinh phí lắp camera, giữ gìn an ninh trật tự."},
    {"model", "party_building", "Mô hình “Cán bộ, đảng viên gần dân, hiểu dân, giúp dân”",
     "Mỗi đảng viên phụ trách một nhóm hộ, nắm tình hình, giải quyết kiến nghị tại chỗ."},
    {"model", "economy", "Mô hình “Tổ hợp tác trồng rau an toàn”",
     "Liên kết sản xuất, tiêu thụ rau an toàn, nâng thu nhập cho hội viên."},
    {"model", "culture_society", "Mô hình “Khu dân cư không rác thải nhựa”",
     "Phân loại rác tại nguồn, giảm túi ni lông trong sinh hoạt hằng ngày."},
    {"exemplar", "culture_society",
     "Điển hình “Người tốt, việc tốt” trong vận động hiến đất làm đường",
     "Nêu gương hộ gia đình hiến đất, góp công mở rộng đường thôn (minh họa)."},
    {"model", "defence_security", "Mô hình “Tổ tự quản an ninh trật tự”",
     "Tổ tự quản tuần tra, hòa giải mâu thuẫn ngay từ cơ sở."},
    {"model", "party_building", "Mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”",
     "Bộ phận một cửa tiếp dân thân thiện, giải quyết thủ tục đúng hẹn."},
    {"model", "economy", "Mô hình “Chợ văn minh, thương nhân thân thiện”",
     "Chợ sạch, cân đúng, giá niêm yết; tiểu thương cam kết kinh doanh văn minh."},
    {"exemplar", "economy", "Điển hình nông dân sản xuất, kinh doanh giỏi giúp nhau làm giàu",
     "Nêu gương hội viên nông dân tạo việc làm, giúp hộ khó khăn (minh họa)."},
    {"model", "culture_society", "Mô hình “Tủ sách cộng đồng”",
     "Tủ sách ở nhà văn hóa thôn, khuyến khích đọc sách trong thiếu niên."},
};
#define NTPLS (sizeof(tpls) / sizeof(tpls[0]))

/* The model set of a province's people's committee (pass 70 %) and of a commune (pass 60 %). */
static const struct criterion_input province_criteria[] = {
    {"Hiệu quả kinh tế - xã hội", "Kết quả đo được so với mục tiêu đăng ký.", "3", "10"},
    {"Sự tham gia, đồng thuận của Nhân dân", "Số hộ, số người tham gia; mức độ hài lòng.", "3",
     "10"},
    {"Tính sáng tạo và khả năng nhân rộng", "Cách làm mới; đã được nơi khác học tập.", "2", "10"},
    {"Sự vào cuộc của hệ thống chính trị", "Cấp ủy lãnh đạo, chính quyền, đoàn thể phối hợp.", "2",
     "10"},
};
static const struct criterion_input commune_criteria[] = {
    {"Kết quả thực hiện", "Đạt mục tiêu đăng ký.", "2", "10"},
    {"Nhân dân tham gia, hưởng ứng", "", "2", "10"},
    {"Duy trì thường xuyên", "Hoạt động đều đặn ít nhất 6 tháng.", "1", "10"},
};
static const struct criterion_input round_criteria[] = {
    {"Tham mưu, tổ chức thực hiện công tác dân vận", "", "3", "10"},
    {"Xây dựng, nhân rộng mô hình “Dân vận khéo”", "Minh chứng: mô hình, hoạt động.", "3", "10"},
    {"Tiếp nhận, giải quyết kiến nghị, phản ánh của Nhân dân",
     "Minh chứng: số liệu tiếp nhận, giải quyết của địa bàn.", "2", "10"},
    {"Tuyên truyền, vận động Nhân dân", "", "2", "10"},
};
#define NCRIT(v) (sizeof(v) / sizeof((v)[0]))

struct ecommune {
	int64_t area_id, party, mm, pc;
	const char *code, *name;
	int64_t set_id; /* a commune-level model set (the featured communes) */
	struct activity *acts;
	size_t n_acts, next_act; /* its demo activities; the next to link */
};

struct eprov {
	int64_t area_id, party, mm, pc;
	const char *code, *name;
	struct ecommune *c;
	size_t nc, featured; /* the commune of the demo logins, else the first */
	int64_t evaluator;   /* a leader of the people's committee (emulation council) */
	int64_t set_id;      /* its model set */
};

struct emodel {
	int64_t id;
	size_t p, c;
	enum fate fate;
	enum model_level level;
	int64_t owner;
};

struct ectx {
	struct app *app;
	struct db *db;
	struct scope sys;
	struct arena *a;
	dv_date today;
	int year;
	struct eprov p[MAX_PROVINCES];
	size_t np;
	struct demo_result *r;     /* the evaluators join the demo's logins */
	int64_t commune_evaluator; /* a leader of the first province's featured commune */
	struct criteria_set pset[MAX_PROVINCES], cset; /* with criteria ids */
	struct emodel m[N_ORIGINALS + N_REPLICAS];
	size_t nm;
	int64_t campaign;
	int64_t round_top; /* a participant ranked first */
	unsigned decision;
};

/* Give a failed step its context: what the demo was doing, then the app's words. */
static enum dv_err fail_ctx(struct dv_error *e, enum dv_err ret, const char *what)
{
	char detail[sizeof(e->detail)];

	if (!ret || !e)
		return ret;
	snprintf(detail, sizeof(detail), "%s", e->detail);
	return dv_refail(e, ret, "demo emulation: %s: %s", what, detail);
}

static const char *day_text(struct ectx *c, dv_date d)
{
	char buf[11];

	date_format(d, buf);
	return arena_strdup(c->a, buf);
}

static const char *id_text(struct ectx *c, int64_t id)
{
	return arena_printf(c->a, "%lld", (long long)id);
}

/* A decision number ("12/QĐ-UBND"), never the same twice. */
static const char *decision_no(struct ectx *c, const char *issuer)
{
	return arena_printf(c->a, "%u/QĐ-%s", 100 + ++c->decision, issuer);
}

/*
 * A scope of `unit` with `role`. scope_for_user() grants nothing without a user; the demo, like
 * the CLI's system scope, also acts for units nobody signs in to (a commune's committee deciding
 * a recognition): the role's permissions and the unit's subtree, no user recorded. Evaluations
 * need a real user (the evaluators created below).
 */
static struct scope unit_scope(int64_t user, int64_t unit, enum role role)
{
	struct scope s = scope_for_user(user, unit, role);

	if (!user && unit > 0)
		s.perms = role_perms(role);
	return s;
}

static struct scope leader(int64_t user, int64_t unit)
{
	return unit_scope(user, unit, ROLE_LEADER);
}

static struct scope officer(int64_t unit)
{
	return unit_scope(0, unit, ROLE_OFFICER);
}

/* ---------------------------------------------------------------- the provinces */

static int by_area(const void *x, const void *y)
{
	int64_t a = ((const struct unit *)x)->home_area_id,
	        b = ((const struct unit *)y)->home_area_id;

	return (a > b) - (a < b);
}

static int by_code(const void *x, const void *y)
{
	return strcmp(((const struct ecommune *)x)->code, ((const struct ecommune *)y)->code);
}

/* The unit of a list sorted by home area whose home is `area` and whose parent is `parent`. */
static const struct unit *at(const struct unit *v, size_t n, int64_t area, int64_t parent)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].home_area_id < area)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && v[lo].home_area_id == area; lo++)
		if (!parent || v[lo].parent_id == parent)
			return &v[lo];
	return NULL;
}

static enum dv_err units_of(struct ectx *c, const char *kind, struct unit **out, size_t *n,
                            struct dv_error *e)
{
	int64_t total;
	enum dv_err ret = db_begin(c->db, DB_TX_READ, e);

	if (!ret)
		ret = unit_search(c->db, &c->sys, "", kind, 1000000, 0, c->a, out, n, &total, e);
	db_rollback(c->db);
	if (!ret)
		qsort(*out, *n, sizeof(**out), by_area);
	return ret;
}

/* "Phường Ba Đình" ends with the name "Ba Đình" (a whole word). */
static bool ends_with(const char *s, const char *name)
{
	size_t n = strlen(s), k = strlen(name);

	return n >= k && !strcmp(s + n - k, name) && (n == k || s[n - k - 1] == ' ');
}

/* Rank of a province: those of the demo logins (01, 79) first, then by code. */
static int prov_rank(const struct unit *u)
{
	if (!strcmp(u->home_area_code, "01"))
		return 0;
	if (!strcmp(u->home_area_code, "79"))
		return 1;
	return 2;
}

static int by_prov(const void *x, const void *y)
{
	const struct unit *a = *(const struct unit *const *)x, *b = *(const struct unit *const *)y;
	int ra = prov_rank(a), rb = prov_rank(b);

	return ra != rb ? ra - rb : strcmp(a->home_area_code, b->home_area_code);
}

/* Up to MAX_PROVINCES provinces with their civil units and communes. */
static enum dv_err load(struct ectx *c, struct dv_error *e)
{
	struct unit *party, *mm, *pc, **prov;
	size_t np, nm, npc, i, j, nprov = 0;
	enum dv_err ret;

	ret = units_of(c, "party-committee", &party, &np, e);
	if (!ret)
		ret = units_of(c, "mm-board", &mm, &nm, e);
	if (!ret)
		ret = units_of(c, "peoples-committee", &pc, &npc, e);
	if (ret)
		return fail_ctx(e, ret, "reading the units");
	prov = arena_new_array(c->a, struct unit *, np + 1);
	if (!prov)
		return dv_fail(e, DV_ENOMEM, "out of memory building the demo's models");
	/* a province's party committee: its parent is not a party committee */
	for (i = 0; i < np; i++) {
		bool under = false;

		for (j = 0; j < np && !under; j++)
			under = party[j].id == party[i].parent_id;
		if (!under && party[i].home_area_code)
			prov[nprov++] = &party[i];
	}
	qsort(prov, nprov, sizeof(*prov), by_prov);
	for (i = 0; i < nprov && c->np < MAX_PROVINCES; i++) {
		struct eprov *p = &c->p[c->np];
		const struct unit *m = at(mm, nm, prov[i]->home_area_id, prov[i]->id);
		const struct unit *q = at(pc, npc, prov[i]->home_area_id, prov[i]->id);

		if (!m || !q)
			continue;
		memset(p, 0, sizeof(*p));
		p->area_id = prov[i]->home_area_id;
		p->code = prov[i]->home_area_code;
		p->name = prov[i]->home_area_name;
		p->party = prov[i]->id;
		p->mm = m->id;
		p->pc = q->id;
		p->c = arena_new_array(c->a, struct ecommune, np + 1);
		if (!p->c)
			return dv_fail(e, DV_ENOMEM, "out of memory building the demo's models");
		for (j = 0; j < np; j++) {
			const struct unit *cm, *cp;
			struct ecommune *k;

			if (party[j].parent_id != p->party)
				continue;
			cm = at(mm, nm, party[j].home_area_id, party[j].id);
			cp = at(pc, npc, party[j].home_area_id, p->pc);
			if (!cm || !cp)
				continue;
			k = &p->c[p->nc++];
			memset(k, 0, sizeof(*k));
			k->area_id = party[j].home_area_id;
			k->code = party[j].home_area_code;
			k->name = party[j].home_area_name;
			k->party = party[j].id;
			k->mm = cm->id;
			k->pc = cp->id;
		}
		if (p->nc < 2)
			continue;
		qsort(p->c, p->nc, sizeof(*p->c), by_code);
		for (j = 0; j < p->nc; j++)
			if (ends_with(p->c[j].name, "Ba Đình") ||
			    ends_with(p->c[j].name, "Sài Gòn"))
				p->featured = j;
		c->np++;
	}
	return DV_OK;
}

/* The demo activities in a commune (the first few), for linking as results and evidence. */
static enum dv_err commune_acts(struct ectx *c, struct ecommune *k, struct dv_error *e)
{
	struct activity_filter f;
	int64_t total;
	enum dv_err ret;

	if (k->acts)
		return DV_OK;
	memset(&f, 0, sizeof(f));
	f.area_id = k->area_id;
	f.limit = 8;
	ret = db_begin(c->db, DB_TX_READ, e);
	if (!ret)
		ret = activity_list(c->db, &c->sys, &f, c->a, &k->acts, &k->n_acts, &total, e);
	db_rollback(c->db);
	if (!ret && !k->acts)
		k->acts = arena_zalloc(c->a, sizeof(*k->acts)); /* read, none */
	return fail_ctx(e, ret, "reading a commune's activities");
}

/* ---------------------------------------------------------------- evaluators and criteria */

static enum dv_err evaluator(struct ectx *c, const char *login, const char *display, int64_t unit,
                             int64_t *id, struct dv_error *e)
{
	struct demo_login *l = c->r && c->r->nlogins < DEMO_MAX_LOGINS
	                           ? &c->r->logins[c->r->nlogins] : NULL;
	char pw[24];
	struct unit u;
	enum dv_err ret;

	/* listed with the demo's logins (password kept) while there is room, like every user */
	app_random_password(pw, 21);
	ret = app_user_create(c->app, c->db, &c->sys, ACTOR, login, display, unit, "leader", pw, id,
	                      e);
	if (!ret && l && unit_get(c->db, &c->sys, unit, c->a, &u, e) == DV_OK) {
		snprintf(l->login, sizeof(l->login), "%s", login);
		snprintf(l->password, sizeof(l->password), "%s", pw);
		snprintf(l->role, sizeof(l->role), "leader");
		snprintf(l->unit, sizeof(l->unit), "%s", u.name);
		c->r->nlogins++;
	}
	return fail_ctx(e, ret, "creating an evaluator");
}

static enum dv_err criteria(struct ectx *c, const struct scope *sc, int64_t unit,
                            const char *purpose, const char *name, const char *pass,
                            const struct criterion_input *crit, size_t n, struct criteria_set *out,
                            struct dv_error *e)
{
	struct criteria_set_input in;
	int64_t id = 0;
	enum dv_err ret;

	memset(&in, 0, sizeof(in));
	in.unit = id_text(c, unit);
	in.purpose = purpose;
	in.name = name;
	in.pass_percent = pass;
	in.criteria = crit;
	in.n_criteria = n;
	ret = app_criteria_set_create(c->app, c->db, sc, ACTOR, &in, &id, e);
	if (!ret)
		ret = db_begin(c->db, DB_TX_READ, e);
	if (!ret) {
		ret = criteria_set_get(c->db, &c->sys, id, c->a, out, e);
		db_rollback(c->db);
	}
	return fail_ctx(e, ret, "creating a criteria set");
}

static enum dv_err setup(struct ectx *c, struct dv_error *e)
{
	size_t i;
	enum dv_err ret = DV_OK;

	for (i = 0; !ret && i < c->np; i++) {
		struct eprov *p = &c->p[i];
		struct ecommune *f = &p->c[p->featured];
		struct scope sc;
		struct criteria_set cs;

		ret = evaluator(
		    c, arena_printf(c->a, "thidua.t%s", p->code),
		    arena_printf(c->a, "Ủy viên Hội đồng Thi đua - Khen thưởng %s (demo)", p->name),
		    p->pc, &p->evaluator, e);
		if (ret)
			break;
		sc = leader(p->evaluator, p->pc);
		ret = criteria(c, &sc, p->pc, "model",
		               arena_printf(c->a,
		                            "Tiêu chí đánh giá, công nhận mô hình “Dân vận khéo” "
		                            "%s (minh họa)",
		                            p->name),
		               "70", province_criteria, NCRIT(province_criteria), &c->pset[i], e);
		p->set_id = c->pset[i].id;
		/* a commune's own set: a guide for its people's committee */
		sc = leader(0, f->pc);
		if (!ret)
			ret = criteria(c, &sc, f->pc, "model",
			               arena_printf(c->a,
			                            "Tiêu chí mô hình “Dân vận khéo” cấp xã %s "
			                            "(minh họa)",
			                            f->name),
			               "60", commune_criteria, NCRIT(commune_criteria),
			               i ? &cs : &c->cset, e);
		f->set_id = i ? cs.id : c->cset.id;
	}
	/* in the first province, a commune leader evaluates too (a second evaluator) */
	if (!ret) {
		struct ecommune *f = &c->p[0].c[c->p[0].featured];

		ret = evaluator(c, arena_printf(c->a, "thidua.x%s", f->code),
		                arena_printf(c->a, "Lãnh đạo Ủy ban nhân dân %s (demo)", f->name),
		                f->pc, &c->commune_evaluator, e);
	}
	return ret;
}

/* ---------------------------------------------------------------- models */

/* One evaluator's scores of model `m` on `set`: passing, failing or on some criteria only. */
static enum dv_err evaluate(struct ectx *c, const struct scope *sc, const struct emodel *m,
                            const struct criteria_set *set, enum fate how, unsigned salt,
                            struct dv_error *e)
{
	struct model_score_input s[EMU_CRITERIA_MAX];
	size_t i, n = how == F_PARTIAL ? 2 : set->n_criteria;

	memset(s, 0, sizeof(s));
	for (i = 0; i < n && i < EMU_CRITERIA_MAX; i++) {
		unsigned half = pick((uint64_t)m->id, salt + (unsigned)i, 5);
		double v = how == F_FAIL ? 4.5 + 0.5 * (half % 4) : 7.5 + 0.5 * half;

		s[i].criterion = id_text(c, set->criteria[i].id);
		s[i].score = arena_printf(c->a, "%.1f", v);
		s[i].note = i == 0 ? "Chấm điểm minh họa (demo)." : NULL;
	}
	return fail_ctx(
	    e, app_model_evaluate(c->app, c->db, sc, ACTOR, m->id, id_text(c, set->id), s, n, e),
	    "evaluating a model");
}

static enum dv_err step(struct ectx *c, const struct scope *sc, int64_t id, const char *action,
                        const char *level, int64_t set, const char *issuer, dv_date on,
                        const char *reason, struct dv_error *e)
{
	struct model_step_input in;

	memset(&in, 0, sizeof(in));
	in.action = action;
	in.level = level;
	in.criteria_set = set ? id_text(c, set) : NULL;
	in.decision_no = issuer ? decision_no(c, issuer) : NULL;
	in.decision_on = issuer ? day_text(c, on) : NULL;
	in.reason = reason;
	return fail_ctx(e, app_model_step(c->app, c->db, sc, ACTOR, id, &in, e),
	                arena_printf(c->a, "model #%lld: %s", (long long)id, action));
}

/* Link the commune's next demo activities (up to `n`) as the model's results. */
static enum dv_err link_acts(struct ectx *c, const struct emodel *m, size_t n, struct dv_error *e)
{
	struct ecommune *k = &c->p[m->p].c[m->c];
	struct scope sc = officer(m->owner);
	enum dv_err ret = commune_acts(c, k, e);

	for (; !ret && n && k->next_act < k->n_acts; n--, k->next_act++)
		ret = fail_ctx(e,
		               app_model_link(c->app, c->db, &sc, ACTOR, m->id,
		                              id_text(c, k->acts[k->next_act].id), true, e),
		               "linking an activity to a model");
	return ret;
}

/* Register a model in commune `ci` of province `pi` (a replication when `origin`). */
static enum dv_err model_new(struct ectx *c, size_t pi, size_t ci, unsigned g, int64_t origin,
                             const char *origin_name, dv_date start, struct emodel *out,
                             struct dv_error *e)
{
	const struct eprov *p = &c->p[pi];
	const struct ecommune *k = &p->c[ci];
	const struct tpl *t = &tpls[g % NTPLS];
	struct model_input in;
	struct scope sc;
	unsigned u = pick((uint64_t)k->area_id, g, 10);
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	out->p = pi;
	out->c = ci;
	/* the commune's mass mobilisation board owns most; its people's committee some (never
	 * in the first featured commune, whose people's committee evaluates) */
	out->owner = u < 3 && !(pi == 0 && ci == p->featured) ? k->pc : k->mm;
	memset(&in, 0, sizeof(in));
	in.kind = t->kind;
	in.field = t->field;
	in.name = origin ? arena_printf(c->a, "Nhân rộng: %s – %s", origin_name, k->name)
	                 : arena_printf(c->a, "%s – %s", t->name, k->name);
	in.owner_unit = id_text(c, out->owner);
	in.area = u % 3 ? k->code : arena_printf(c->a, "%s-0%u", k->code, 1 + u % 2);
	in.launch_unit = id_text(c, u < 6 ? k->party : u < 8 ? k->pc : k->mm);
	in.start_on = day_text(c, start);
	in.description = synthetic;
	in.goals = t->goals;
	in.results = origin ? "Học tập cách làm của mô hình gốc; bước đầu có kết quả (minh họa)."
	                    : "Kết quả minh họa: xem các hoạt động liên kết.";
	in.origin = origin ? id_text(c, origin) : NULL;
	sc = officer(out->owner);
	ret = app_model_save(c->app, c->db, &sc, ACTOR, 0, &in, &out->id, e);
	return fail_ctx(e, ret, arena_printf(c->a, "registering model '%s'", in.name));
}

/* Take a model through its fate: implementing, results, evaluations, recognitions. */
static enum dv_err live(struct ectx *c, struct emodel *m, struct dv_error *e)
{
	struct eprov *p = &c->p[m->p];
	struct ecommune *k = &p->c[m->c];
	struct scope own = officer(m->owner), prov = leader(p->evaluator, p->pc);
	bool featured = m->p == 0 && m->c == p->featured;
	struct scope commune = leader(featured ? c->commune_evaluator : 0, k->pc);
	const struct criteria_set *pset = &c->pset[m->p];
	int64_t commune_set = pset->id;
	enum dv_err ret = DV_OK;

	if (m->fate == F_WITHDRAWN_REG)
		return step(c, &own, m->id, "withdraw", NULL, 0, NULL, 0,
		            "Trùng nội dung với mô hình đã đăng ký trước (minh họa).", e);
	if (m->fate == F_REGISTERED)
		return DV_OK;
	ret = step(c, &own, m->id, "implementing", NULL, 0, NULL, 0, NULL, e);
	if (!ret)
		ret = link_acts(c, m, m->fate >= F_COMMUNE ? 2 : 1, e);
	if (!ret && m->fate == F_WITHDRAWN)
		return step(c, &own, m->id, "withdraw", NULL, 0, NULL, 0,
		            "Các hộ nòng cốt chuyển đi nơi khác, không còn điều kiện duy trì (minh "
		            "họa).",
		            e);
	if (ret || m->fate == F_IMPL)
		return ret;
	ret = evaluate(c, &prov, m, pset, m->fate, 10, e);
	if (!ret && featured) {
		/* the commune's leader scores it too, on the province's set and the commune's */
		ret = evaluate(c, &commune, m, pset, m->fate, 20, e);
		if (!ret)
			ret = evaluate(c, &commune, m, &c->cset, m->fate, 30, e);
		commune_set = c->cset.id;
	}
	if (ret || m->fate < F_COMMUNE)
		return ret;
	ret = step(c, &commune, m->id, "recognise", "commune", commune_set, "UBND",
	           c->today - 40 - (dv_date)pick((uint64_t)m->id, 40, 60), NULL, e);
	m->level = ML_COMMUNE;
	if (!ret && m->fate >= F_PROVINCE) {
		ret = step(c, &prov, m->id, "recognise", "province", pset->id, "UBND",
		           c->today - 5 - (dv_date)pick((uint64_t)m->id, 41, 30), NULL, e);
		m->level = ML_PROVINCE;
	}
	if (!ret && m->fate == F_TYPICAL)
		ret = step(c, &prov, m->id, "typical", NULL, 0, "UBND",
		           c->today - (dv_date)pick((uint64_t)m->id, 42, 5),
		           "Mô hình tiêu biểu cấp tỉnh.", e);
	return ret;
}

static enum dv_err models(struct ectx *c, struct dv_error *e)
{
	const char *names[N_ORIGINALS];
	dv_date starts[N_ORIGINALS];
	size_t g, r = 0, i;
	enum dv_err ret = DV_OK;

	for (g = 0; !ret && g < N_ORIGINALS; g++) {
		size_t pi = g % c->np, k = g / c->np;
		struct eprov *p = &c->p[pi];
		size_t ci = k < 2 ? p->featured
		                  : pick((uint64_t)p->area_id, 50 + (unsigned)k, (unsigned)p->nc);
		struct emodel *m = &c->m[c->nm];

		starts[g] =
		    c->today - 200 - (dv_date)pick((uint64_t)p->area_id, 60 + (unsigned)g, 500);
		ret = model_new(c, pi, ci, (unsigned)g, 0, NULL, starts[g], m, e);
		names[g] = tpls[g % NTPLS].name;
		m->fate = (enum fate)fates[g];
		if (!ret)
			ret = live(c, m, e);
		c->nm++;
	}
	/* replications of the recognised ones: 1 to 3 each, in other communes; the first in
	 * another province, one of a replication (a second generation) */
	for (g = 0; !ret && g < N_ORIGINALS && r < N_REPLICAS; g++) {
		struct emodel *o = &c->m[g];
		unsigned n = 1 + pick((uint64_t)o->id, 70, 3);

		if (o->fate < F_COMMUNE)
			continue;
		for (i = 0; !ret && i < n && r < N_REPLICAS; i++, r++) {
			struct emodel *m = &c->m[c->nm];
			const struct emodel *from = r == 5 ? &c->m[N_ORIGINALS + 1] : o;
			size_t pi = r == 0 && c->np > 1 ? (o->p + 1) % c->np : o->p;
			const struct eprov *p = &c->p[pi];
			size_t ci = (o->c + 1 +
			             pick((uint64_t)o->id, 80 + (unsigned)i, (unsigned)p->nc - 1)) %
			            p->nc;

			if (pi != o->p)
				ci = pick((uint64_t)o->id, 90, (unsigned)p->nc);
			ret = model_new(c, pi, ci, (unsigned)g, from->id, names[g],
			                starts[g] + 30 +
			                    (dv_date)pick((uint64_t)o->id, 100 + (unsigned)i, 60),
			                m, e);
			/* most have started; one is recognised at commune level already */
			m->fate = r % 4 == 3 ? F_REGISTERED : r == 2 ? F_COMMUNE : F_IMPL;
			if (!ret)
				ret = live(c, m, e);
			c->nm++;
		}
	}
	return ret;
}

/* The first model of province `pi` recognised at `level`, else at a higher one, else NULL. */
static const struct emodel *model_at(const struct ectx *c, size_t pi, enum model_level level)
{
	const struct emodel *higher = NULL;
	size_t i;

	for (i = 0; i < c->nm; i++)
		if (c->m[i].p == pi && c->m[i].level == level)
			return &c->m[i];
		else if (c->m[i].p == pi && c->m[i].level > level && !higher)
			higher = &c->m[i];
	return higher;
}

/* ---------------------------------------------------------------- the emulation round */

static enum dv_err round_scores(struct ectx *c, const struct criteria_set *set, int64_t unit,
                                const struct ecommune *k, const char *role, unsigned u,
                                struct dv_error *e)
{
	struct campaign_score_input s[NCRIT(round_criteria)];
	struct evidence_input ev[3];
	bool review = !strcmp(role, "review");
	struct scope sc = review ? leader(0, c->p[0].mm) : officer(unit);
	const struct emodel *mod = NULL;
	size_t i, n = set->n_criteria;

	memset(s, 0, sizeof(s));
	memset(ev, 0, sizeof(ev));
	for (i = 0; i < c->nm; i++)
		if (c->m[i].p == 0 && &c->p[0].c[c->m[i].c] == k && c->m[i].level >= ML_COMMUNE)
			mod = &c->m[i];
	ev[0].kind = "activity";
	ev[0].ref = k->n_acts ? id_text(c, k->acts[0].id) : NULL;
	ev[1].kind = "model";
	ev[1].ref = mod ? id_text(c, mod->id) : NULL;
	ev[2].kind = "cases";
	ev[2].ref = k->code;
	/* participants 0 and 1 (two boards) are scored alike by the reviewer: a shared rank;
	 * participant 3 lacks a reviewer score on the last criterion: unranked */
	if (review && u == 3)
		n--;
	for (i = 0; i < n && i < NCRIT(round_criteria); i++) {
		unsigned half = pick(review && u < 2 ? 7 : (uint64_t)unit,
		                     (review ? 200 : 300) + (unsigned)i, 6);

		s[i].criterion = id_text(c, set->criteria[i].id);
		s[i].score = arena_printf(c->a, "%.1f", 6.5 + 0.5 * half);
		s[i].note = review ? "Điểm thẩm định (minh họa)." : "Đơn vị tự chấm (minh họa).";
		if (!review && i == 0 && ev[0].ref) {
			s[i].evidence = &ev[0];
			s[i].n_evidence = 1;
		} else if (!review && i == 1 && ev[1].ref) {
			s[i].evidence = &ev[1];
			s[i].n_evidence = 1;
		} else if (!review && i == 2) {
			s[i].evidence = &ev[2];
			s[i].n_evidence = 1;
		}
	}
	return fail_ctx(e,
	                app_campaign_score(c->app, c->db, &sc, ACTOR, c->campaign, id_text(c, unit),
	                                   role, s, n, e),
	                "scoring the emulation round");
}

/* A round of the first province's mass mobilisation board: four communes' boards and people's
 * committees (two peer groups), self-scores, reviewer scores, a preliminary review. */
static enum dv_err emulation_round(struct ectx *c, struct dv_error *e)
{
	struct eprov *p = &c->p[0];
	struct scope sc = leader(0, p->mm);
	struct criteria_set set;
	struct campaign_input in;
	const struct ecommune *ks[ROUND_COMMUNES];
	const char *ids[2 * ROUND_COMMUNES];
	size_t nk = 0, i, j;
	enum dv_err ret;

	/* the featured commune, then those with models */
	ks[nk++] = &p->c[p->featured];
	for (i = 0; i < c->nm && nk < ROUND_COMMUNES && nk < p->nc; i++) {
		const struct ecommune *k = &p->c[c->m[i].c];

		for (j = 0; j < nk && ks[j] != k; j++)
			;
		if (c->m[i].p == 0 && j == nk)
			ks[nk++] = k;
	}
	for (i = 0; i < nk; i++) {
		ids[i] = id_text(c, ks[i]->mm);
		ids[nk + i] = id_text(c, ks[i]->pc);
		ret = commune_acts(c, (struct ecommune *)ks[i], e);
		if (ret)
			return ret;
	}
	ret = criteria(
	    c, &sc, p->mm, "round",
	    arena_printf(c->a, "Tiêu chí thi đua “Dân vận khéo” năm %d (minh họa)", c->year), NULL,
	    round_criteria, NCRIT(round_criteria), &set, e);
	if (ret)
		return ret;
	memset(&in, 0, sizeof(in));
	in.launch_unit = id_text(c, p->mm);
	in.name = arena_printf(c->a, "Phong trào thi đua “Dân vận khéo” năm %d – %s (minh họa)",
	                       c->year, p->name);
	in.theme = "Thi đua thực hiện tốt công tác dân vận, xây dựng và nhân rộng mô hình “Dân vận "
	           "khéo” ở cơ sở.";
	in.start_on = day_text(c, date_from_ymd(c->year, 1, 1));
	in.end_on = day_text(c, date_from_ymd(c->year, 12, 31));
	in.criteria_set = id_text(c, set.id);
	in.participants = ids;
	in.n_participants = 2 * nk;
	ret = fail_ctx(e, app_campaign_create(c->app, c->db, &sc, ACTOR, &in, &c->campaign, e),
	               "launching the emulation round");
	for (i = 0; !ret && i < 2 * nk; i++) {
		int64_t unit = i < nk ? ks[i]->mm : ks[i - nk]->pc;

		ret = round_scores(c, &set, unit, ks[i % nk], "self", (unsigned)i, e);
		if (!ret)
			ret = round_scores(c, &set, unit, ks[i % nk], "review", (unsigned)i, e);
	}
	c->round_top = ks[0]->mm;
	if (!ret)
		ret = fail_ctx(
		    e,
		    app_campaign_review(c->app, c->db, &sc, ACTOR, c->campaign, "preliminary",
		                        "Sơ kết minh họa: các đơn vị được chấm đủ tiêu chí "
		                        "được xếp hạng trong nhóm cùng loại.",
		                        e),
		    "reviewing the emulation round");
	return ret;
}

/* ---------------------------------------------------------------- commendation */

/* Who, in a province: the featured commune's bodies, a second commune's committee, the
 * province's bodies, a model's owner and its commune's committee; a model, a village, a
 * commune as recipients. */
enum who {
	W_MM,
	W_PC,
	W_PARTY,
	W_PC2,
	W_PROV_MM,
	W_PROV_PC,
	W_PROV_PARTY,
	W_OWNER,
	W_MODEL_PC,
	W_MODEL_PROVINCE,
	W_MODEL_COMMUNE,
	W_VILLAGE1,
	W_VILLAGE2,
	W_COMMUNE2,
	W_ROUND_TOP,
	W_NOBODY,
};

struct award_tpl {
	unsigned prov; /* 0 or 1 (the first with one province) */
	const char *form, *kind;
	enum who who;
	const char *person;
	int years_back;
	const char *achievement, *initiative;
	enum who proposer, decider;
	const char *decision, *note;
};

/*
 * Three grassroots titles in a row, then the province title they lead to; a province title
 * without them (flagged, left pending); a model, a collective, a village, a household, a
 * commune (rejected), the round's leader, and a second province's proposals.
 */
static const struct award_tpl awards[] = {
    {0, "grassroots_emulation_soldier", "person", W_MM, "Nguyễn Văn Hùng (minh họa)", 3,
     "Hoàn thành xuất sắc nhiệm vụ dân vận ở khu dân cư", "grassroots", W_MM, W_PC, "approved",
     NULL},
    {0, "grassroots_emulation_soldier", "person", W_MM, "Nguyễn Văn Hùng (minh họa)", 2,
     "Vận động Nhân dân hiến đất mở rộng đường ngõ", "grassroots", W_MM, W_PC, "approved", NULL},
    {0, "grassroots_emulation_soldier", "person", W_MM, "Nguyễn Văn Hùng (minh họa)", 1,
     "Xây dựng mô hình “Dân vận khéo” được công nhận", "grassroots", W_MM, W_PC, "approved", NULL},
    {0, "province_emulation_soldier", "person", W_MM, "Nguyễn Văn Hùng (minh họa)", 0,
     "Ba năm liền Chiến sĩ thi đua cơ sở; sáng kiến được áp dụng toàn tỉnh", "province", W_PROV_MM,
     W_PROV_PC, "approved", NULL},
    {0, "province_emulation_soldier", "person", W_PC, "Trần Thị Lan (minh họa)", 0,
     "Hoàn thành xuất sắc nhiệm vụ năm", "grassroots", W_PC, W_NOBODY, NULL, NULL},
    {0, "certificate_of_merit", "model", W_MODEL_PROVINCE, NULL, 0,
     "Mô hình được công nhận cấp tỉnh, nhân rộng ở nhiều xã", NULL, W_PROV_MM, W_PROV_PC,
     "approved", NULL},
    {0, "letter_of_commendation", "model", W_MODEL_COMMUNE, NULL, 0,
     "Mô hình “Dân vận khéo” tiêu biểu của xã", NULL, W_OWNER, W_MODEL_PC, "approved", NULL},
    {0, "advanced_collective", "unit", W_MM, NULL, 1, "Hoàn thành tốt nhiệm vụ năm", NULL, W_PARTY,
     W_PC, "approved", NULL},
    {0, "cultural_village", "area", W_VILLAGE1, NULL, 1, "Giữ vững danh hiệu văn hóa", NULL, W_PC,
     W_PC, "approved", NULL},
    {0, "cultural_family", "household", W_VILLAGE2, "Lê Văn Tâm (minh họa)", 1,
     "Gia đình văn hóa tiêu biểu", NULL, W_PC, W_PC, "approved", NULL},
    {0, "exemplary_commune", "area", W_COMMUNE2, NULL, 1, "Xã, phường tiêu biểu của tỉnh", NULL,
     W_PC2, W_PROV_PC, "rejected", "Chưa đủ tiêu chí theo quy định (minh họa)."},
    {0, "letter_of_commendation", "unit", W_ROUND_TOP, NULL, 0,
     "Dẫn đầu nhóm trong phong trào thi đua “Dân vận khéo”", NULL, W_PROV_MM, W_PROV_MM, "approved",
     NULL},
    {1, "excellent_labour_collective", "unit", W_PC, NULL, 1, "Hoàn thành xuất sắc nhiệm vụ năm",
     NULL, W_PC, W_PROV_PC, "approved", NULL},
    {1, "certificate_of_merit", "model", W_MODEL_COMMUNE, NULL, 0,
     "Mô hình “Dân vận khéo” được nhân rộng", NULL, W_OWNER, W_NOBODY, NULL, NULL},
    {1, "advanced_worker", "person", W_PC, "Phạm Văn Đức (minh họa)", 1,
     "Hoàn thành tốt nhiệm vụ tiếp công dân", NULL, W_PC, W_PC, "approved", NULL},
    {1, "certificate_of_merit", "person", W_MM, "Hoàng Thị Mai (minh họa)", 0,
     "Có nhiều đóng góp trong công tác dân vận của Đảng", NULL, W_PROV_MM, W_PROV_PARTY, "approved",
     NULL},
};

static int64_t unit_of(const struct ectx *c, const struct eprov *p, const struct emodel *m,
                       enum who w)
{
	const struct ecommune *f = &p->c[p->featured], *k2 = &p->c[(p->featured + 1) % p->nc];

	switch (w) {
	case W_MM:
		return f->mm;
	case W_PC:
		return f->pc;
	case W_PARTY:
		return f->party;
	case W_PC2:
		return k2->pc;
	case W_PROV_MM:
		return p->mm;
	case W_PROV_PC:
		return p->pc;
	case W_PROV_PARTY:
		return p->party;
	case W_OWNER:
		return m ? m->owner : 0;
	case W_MODEL_PC:
		return m ? p->c[m->c].pc : 0;
	case W_ROUND_TOP:
		return c->round_top;
	default:
		return 0;
	}
}

static enum dv_err commend(struct ectx *c, struct dv_error *e)
{
	size_t i;
	enum dv_err ret = DV_OK;

	for (i = 0; !ret && i < sizeof(awards) / sizeof(awards[0]); i++) {
		const struct award_tpl *t = &awards[i];
		size_t pi = t->prov < c->np ? t->prov : 0;
		const struct eprov *p = &c->p[pi];
		const struct ecommune *f = &p->c[p->featured],
		                      *k2 = &p->c[(p->featured + 1) % p->nc];
		const struct emodel *m = NULL;
		struct award_input in;
		struct award_decision_input d;
		struct scope sc;
		int64_t id = 0, proposer, decider;
		int year = c->year - t->years_back;
		dv_date on;

		if (t->who == W_ROUND_TOP && !c->campaign)
			continue;
		if (t->who == W_MODEL_PROVINCE || t->who == W_MODEL_COMMUNE) {
			m = model_at(c, pi, t->who == W_MODEL_PROVINCE ? ML_PROVINCE : ML_COMMUNE);
			if (!m)
				continue;
		}
		proposer = unit_of(c, p, m, t->proposer);
		memset(&in, 0, sizeof(in));
		in.form = t->form;
		in.recipient_kind = t->kind;
		in.person_name = t->person;
		in.year = arena_printf(c->a, "%d", year);
		in.achievement = t->achievement;
		in.reason = "Đề nghị khen thưởng minh họa của dữ liệu mẫu (demo).";
		in.initiative = t->initiative;
		in.proposing_unit = id_text(c, proposer);
		switch (t->who) {
		case W_MODEL_PROVINCE:
		case W_MODEL_COMMUNE:
			in.model = id_text(c, m->id);
			break;
		case W_VILLAGE1:
		case W_VILLAGE2:
			in.area =
			    arena_printf(c->a, "%s-0%d", f->code, t->who == W_VILLAGE1 ? 1 : 2);
			break;
		case W_COMMUNE2:
			in.area = k2->code;
			break;
		default:
			in.unit = id_text(c, unit_of(c, p, m, t->who));
			break;
		}
		if (t->who == W_ROUND_TOP)
			in.campaign = id_text(c, c->campaign);
		/* the province's bodies propose through the party committee's office, whose subtree
		 * holds the communes' units (the recipients) */
		sc = officer(t->proposer == W_PROV_MM || t->proposer == W_PROV_PC ||
		                     t->proposer == W_PROV_PARTY
		                 ? p->party
		                 : proposer);
		ret = fail_ctx(e, app_award_propose(c->app, c->db, &sc, ACTOR, &in, &id, e),
		               arena_printf(c->a, "proposing '%s'", t->form));
		if (ret || t->decider == W_NOBODY)
			continue;
		decider = unit_of(c, p, m, t->decider);
		sc = leader(decider == p->pc ? p->evaluator : 0, decider);
		on = t->years_back ? date_from_ymd(year + 1, 1, 20)
		                   : c->today - (dv_date)pick(i, 1, 20);
		memset(&d, 0, sizeof(d));
		d.decision = t->decision;
		d.decision_no = decision_no(c, t->decider == W_PROV_PARTY ? "TU"
		                               : t->decider == W_PROV_MM  ? "BDV"
		                                                          : "UBND");
		d.decision_on = day_text(c, on < c->today ? on : c->today);
		d.note = t->note;
		ret = fail_ctx(e, app_award_decide(c->app, c->db, &sc, ACTOR, id, &d, e),
		               arena_printf(c->a, "deciding on '%s'", t->form));
	}
	return ret;
}

enum dv_err demo_emulation(struct app *app, struct db *db, struct demo_result *r,
                           struct dv_error *e)
{
	struct ectx *c = calloc(1, sizeof(*c));
	int mo, d;
	enum dv_err ret;

	if (!c)
		return dv_fail(e, DV_ENOMEM, "out of memory building the demo's models");
	c->r = r;
	c->app = app;
	c->db = db;
	c->sys = scope_system();
	c->today = date_of_instant(time_now());
	date_to_ymd(c->today, &c->year, &mo, &d);
	c->a = arena_new();
	if (!c->a) {
		free(c);
		return dv_fail(e, DV_ENOMEM, "out of memory building the demo's models");
	}
	ret = load(c, e);
	if (!ret && c->np) {
		ret = setup(c, e);
		if (!ret)
			ret = models(c, e);
		if (!ret)
			ret = emulation_round(c, e);
		if (!ret)
			ret = commend(c, e);
	}
	arena_free(c->a);
	free(c);
	return ret;
}
