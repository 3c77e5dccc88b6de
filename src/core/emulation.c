/* emulation.c: vocabularies, model transitions, weighted scoring, peer-group rankings and the
 * award rules. Pure: no SQL, no I/O. */
#include "core/emulation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

const struct emu_word model_kinds[MODEL_KIND__COUNT] = {
	{"model", "Mô hình", "Model"},
	{"exemplar", "Điển hình", "Exemplar"},
};
const struct emu_word model_fields[FIELD__COUNT] = {
	{"economy", "Kinh tế", "Economy"},
	{"culture_society", "Văn hóa - xã hội", "Culture and society"},
	{"defence_security", "Quốc phòng - an ninh", "Defence and security"},
	{"party_building", "Xây dựng Đảng và hệ thống chính trị",
	 "Building the Party and the political system"},
};
const struct emu_word model_statuses[MS__COUNT] = {
	{"registered", "Đã đăng ký", "Registered"},
	{"implementing", "Đang thực hiện", "Implementing"},
	{"recognised", "Đã công nhận", "Recognised"},
	{"typical", "Tiêu biểu", "Typical"},
	{"withdrawn", "Đã rút", "Withdrawn"},
};
const struct emu_word model_levels[ML__COUNT] = {
	{"none", "Chưa công nhận", "Not recognised"},
	{"commune", "Cấp xã", "Commune level"},
	{"province", "Cấp tỉnh", "Province level"},
	{"national", "Cấp quốc gia", "National"},
};
const struct emu_word campaign_statuses[CS__COUNT] = {
	{"open", "Đang chấm điểm", "Open for scoring"},
	{"preliminary", "Đã sơ kết", "Preliminary review done"},
	{"final", "Đã tổng kết", "Final review done"},
};
const struct emu_word award_statuses[AW__COUNT] = {
	{"proposed", "Đề nghị", "Proposed"},
	{"approved", "Đã quyết định khen thưởng", "Approved"},
	{"rejected", "Không khen thưởng", "Rejected"},
};
const struct emu_word recipient_kinds[RK__COUNT] = {
	{"unit", "Tập thể (đơn vị)", "Unit"},
	{"person", "Cá nhân", "Person"},
	{"model", "Mô hình, điển hình", "Model or exemplar"},
	{"area", "Địa bàn (xã, thôn)", "Area (commune, village)"},
	{"household", "Hộ gia đình", "Household"},
};
const struct emu_word initiatives[INIT__COUNT] = {
	{"none", "Không có", "None"},
	{"grassroots", "Sáng kiến cấp cơ sở", "Grassroots initiative"},
	{"province", "Sáng kiến cấp tỉnh", "Province-level initiative"},
	{"national", "Sáng kiến toàn quốc", "Nationwide initiative"},
};

int emu_parse(const struct emu_word *v, int n, const char *code)
{
	int i;

	for (i = 0; code && i < n; i++)
		if (!strcmp(v[i].code, code))
			return i;
	return -1;
}

enum model_level model_level_of_area(int area_level)
{
	switch (area_level) {
	case 0:
		return ML_NATIONAL;
	case 1:
		return ML_PROVINCE;
	case 2:
		return ML_COMMUNE;
	default:
		return ML_NONE;
	}
}

const char *model_transition(enum model_status st, enum model_level cur, enum model_action act,
			     enum model_level to)
{
	if (st == MS_WITHDRAWN)
		return "the model has been withdrawn";
	switch (act) {
	case MA_IMPLEMENT:
		return st == MS_REGISTERED ? NULL : "only a registered model starts implementing";
	case MA_RECOGNISE:
		if (to <= ML_NONE || to >= ML__COUNT)
			return "a recognition needs a level: commune, province or national";
		if (to <= cur)
			return "the model is already recognised at this level or higher";
		return NULL;
	case MA_TYPICAL:
		if (st == MS_TYPICAL)
			return "the model is already typical";
		return cur >= ML_PROVINCE ? NULL
					  : "only a model recognised at province level or higher "
					    "can be declared typical";
	case MA_WITHDRAW:
		return NULL;
	}
	return "unknown action";
}

void emu_total(const struct emu_criterion *c, size_t n, const double *scores, const bool *set,
	       struct emu_total *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		out->max += c[i].weight * c[i].max_score;
		if (set[i]) {
			out->total += c[i].weight * scores[i];
			out->scored++;
		}
	}
	out->complete = n > 0 && out->scored == n;
	out->percent = out->max > 0 ? out->total / out->max * 100.0 : 0;
}

static int same(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

void emu_rank(struct emu_rankee *v, size_t n)
{
	size_t i, j;

	/* n is a round's participants (hundreds): a pass per entry is plenty */
	for (i = 0; i < n; i++) {
		int above = 0;

		v[i].group_size = 0;
		for (j = 0; j < n; j++) {
			if (strcmp(v[i].group ? v[i].group : "", v[j].group ? v[j].group : ""))
				continue;
			v[i].group_size++;
			if (v[i].complete && v[j].complete && !same(v[j].total, v[i].total) &&
			    v[j].total > v[i].total)
				above++;
		}
		v[i].rank = v[i].complete ? above + 1 : 0;
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

bool award_consecutive(const int *years, size_t n, int need, int year)
{
	int *s;
	size_t i;
	bool ok = false;
	int end;

	if (need <= 0)
		return true;
	if (!n)
		return false;
	s = malloc(n * sizeof(*s));
	if (!s)
		return false;
	memcpy(s, years, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_int);
	for (end = year; end >= year - 1 && !ok; end--) {
		int want = end;

		/* walk down from `end`: every year down to end - need + 1 must be held */
		for (i = n; i-- > 0 && want > end - need;) {
			if (s[i] > want)
				continue;
			if (s[i] != want)
				break;
			want--;
		}
		ok = want == end - need;
	}
	free(s);
	return ok;
}

bool award_recipient_allowed(const char *recipients, enum recipient_kind k)
{
	const char *code = (unsigned)k < RK__COUNT ? recipient_kinds[k].code : NULL;
	size_t len;
	const char *p;

	if (!code || !recipients)
		return false;
	len = strlen(code);
	for (p = recipients; *p;) {
		const char *end = strchr(p, ',');
		size_t l = end ? (size_t)(end - p) : strlen(p);

		if (l == len && !strncmp(p, code, len))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}
