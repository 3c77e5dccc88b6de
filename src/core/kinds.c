/* kinds.c: the vocabularies of area levels, designations and unit kinds. */
#include "core/kinds.h"

#include <string.h>

#include "base/banned.h"

const struct vocab area_levels[] = {
	{ AREA_NATION, "nation", "Toàn quốc", "Nation" },
	{ AREA_PROVINCE, "province", "Tỉnh, thành phố", "Province" },
	{ AREA_COMMUNE, "commune", "Xã, phường, đặc khu", "Commune" },
	{ AREA_VILLAGE, "village", "Thôn, bản, tổ dân phố", "Village" },
	{ 0, NULL, NULL, NULL },
};

const struct vocab area_designations[] = {
	{ DESIG_BORDER, "border", "Biên giới", "Border" },
	{ DESIG_ISLAND, "island", "Hải đảo", "Island" },
	{ DESIG_EM_REGION_I, "em-region-1", "Vùng DTTS khu vực I", "Ethnic-minority region I" },
	{ DESIG_EM_REGION_II, "em-region-2", "Vùng DTTS khu vực II", "Ethnic-minority region II" },
	{ DESIG_EM_REGION_III, "em-region-3", "Vùng DTTS khu vực III",
	  "Ethnic-minority region III" },
	{ DESIG_ESPECIALLY_DIFFICULT, "especially-difficult", "Đặc biệt khó khăn",
	  "Especially difficult" },
	{ DESIG_REMOTE, "remote", "Vùng sâu, vùng xa", "Remote" },
	{ 0, NULL, NULL, NULL },
};

const struct unit_kind unit_kinds[] = {
	{ "central-commission", "Ban Dân vận Trung ương", "Central Mass Mobilisation Commission",
	  AREA_NATION, false },
	{ "party-committee", "Cấp ủy Đảng", "Party committee", AREA_PROVINCE, false },
	{ "mm-board", "Ban Dân vận", "Mass mobilisation board", AREA_PROVINCE, false },
	{ "peoples-committee", "Ủy ban nhân dân", "People's committee", AREA_PROVINCE, false },
	{ "state-agency", "Cơ quan nhà nước", "State agency", AREA_PROVINCE, false },
	{ "fatherland-front", "Mặt trận Tổ quốc", "Fatherland Front", AREA_PROVINCE, false },
	{ "youth-union", "Đoàn Thanh niên", "Youth Union", AREA_PROVINCE, false },
	{ "womens-union", "Hội Liên hiệp Phụ nữ", "Women's Union", AREA_PROVINCE, false },
	{ "farmers-union", "Hội Nông dân", "Farmers' Union", AREA_PROVINCE, false },
	{ "veterans-association", "Hội Cựu chiến binh", "Veterans' Association", AREA_PROVINCE,
	  false },
	{ "trade-union", "Công đoàn", "Trade union", AREA_PROVINCE, false },
	{ "defence-ministry", "Bộ Quốc phòng", "Ministry of National Defence", AREA_NATION, true },
	{ "military-region", "Quân khu", "Military region", AREA_NATION, true },
	{ "division", "Sư đoàn", "Division", AREA_PROVINCE, true },
	{ "brigade", "Lữ đoàn", "Brigade", AREA_PROVINCE, true },
	{ "regiment", "Trung đoàn", "Regiment", AREA_PROVINCE, true },
	{ "battalion", "Tiểu đoàn", "Battalion", AREA_COMMUNE, true },
	{ "provincial-military-command", "Bộ Chỉ huy Quân sự tỉnh", "Provincial military command",
	  AREA_PROVINCE, true },
	{ "commune-military-command", "Ban Chỉ huy Quân sự xã", "Commune military command",
	  AREA_COMMUNE, true },
	{ "border-guard-command", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
	  "Provincial border guard command", AREA_PROVINCE, true },
	{ "border-guard-post", "Đồn Biên phòng", "Border guard post", AREA_COMMUNE, true },
	{ "police", "Công an", "Police", AREA_PROVINCE, false },
	{ "village-team", "Tổ dân vận thôn", "Village mass mobilisation team", AREA_VILLAGE, false },
	{ NULL, NULL, NULL, 0, false },
};

const struct unit_kind *unit_kind_find(const char *code)
{
	const struct unit_kind *k;

	if (!code)
		return NULL;
	for (k = unit_kinds; k->code; k++)
		if (!strcmp(k->code, code))
			return k;
	return NULL;
}

const struct vocab *area_level_find(int level)
{
	const struct vocab *v;

	for (v = area_levels; v->code; v++)
		if ((int)v->bit_or_level == level)
			return v;
	return NULL;
}

uint32_t designation_parse(const char *code)
{
	const struct vocab *v;

	if (!code)
		return 0;
	for (v = area_designations; v->code; v++)
		if (!strcmp(v->code, code))
			return v->bit_or_level;
	return 0;
}
