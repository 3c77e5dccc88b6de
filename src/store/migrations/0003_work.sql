-- 0003_work: mass-mobilisation work: activity types and their measures, activities (lead and
-- participating units, measures, photos, revisions), twinning, working groups, plans with
-- targets, and the rollup aggregates kept in the same transaction as the activities they count.
-- Money is whole VND (BIGINT); measures are REAL (km of road, tonnes of rice).

-- Configurable activity types; `measures` belong to a type (houses built, km of road, ...).
CREATE TABLE activity_type (
	id @ID@,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	sort INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE activity_measure_def (
	id @ID@,
	type_id BIGINT NOT NULL REFERENCES activity_type(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	unit_label TEXT NOT NULL,
	unit_label_en TEXT NOT NULL,
	sort INTEGER NOT NULL DEFAULT 0,
	UNIQUE (type_id, code)
);

INSERT INTO activity_type (code, name, name_en, sort) VALUES
	('propaganda', 'Tuyên truyền, phổ biến chính sách', 'Propaganda and dissemination session', 10),
	('dialogue', 'Đối thoại với nhân dân', 'Dialogue with the people', 20),
	('poverty', 'Giảm nghèo', 'Poverty reduction', 30),
	('house', 'Xây nhà tình nghĩa, nhà đại đoàn kết', 'House building', 40),
	('infrastructure', 'Làm đường, cầu, thủy lợi', 'Road, bridge and irrigation building', 50),
	('agriculture', 'Giúp dân sản xuất nông nghiệp', 'Agricultural help', 60),
	('disaster', 'Phòng chống, khắc phục thiên tai', 'Disaster prevention and relief', 70),
	('rescue', 'Tìm kiếm cứu nạn', 'Search and rescue', 80),
	('epidemic', 'Phòng chống dịch bệnh', 'Epidemic prevention', 90),
	('health', 'Quân dân y kết hợp (khám bệnh, cấp thuốc)', 'Military-civilian health care', 100),
	('schooling', 'Hỗ trợ học tập', 'Schooling support', 110),
	('countryside', 'Xây dựng nông thôn mới', 'New-style countryside work', 120),
	('policy', 'Hỗ trợ đối tượng chính sách', 'Support for policy beneficiaries', 130),
	('other', 'Khác', 'Other', 900);

INSERT INTO activity_measure_def (type_id, code, name, name_en, unit_label, unit_label_en, sort)
SELECT t.id, m.code, m.name, m.name_en, m.unit_label, m.unit_label_en, m.sort
FROM activity_type t, (
	SELECT 'propaganda' AS type, 'sessions' AS code, 'Buổi tuyên truyền' AS name,
		'Sessions held' AS name_en, 'buổi' AS unit_label, 'sessions' AS unit_label_en, 1 AS sort
	UNION ALL SELECT 'propaganda', 'attendees', 'Lượt người nghe', 'Attendees', 'lượt', 'people', 2
	UNION ALL SELECT 'dialogue', 'questions', 'Ý kiến được trả lời', 'Questions answered', 'ý kiến', 'questions', 1
	UNION ALL SELECT 'poverty', 'households_out', 'Hộ thoát nghèo', 'Households out of poverty', 'hộ', 'households', 1
	UNION ALL SELECT 'poverty', 'cattle', 'Bò, trâu giống trao tặng', 'Breeding cattle given', 'con', 'head', 2
	UNION ALL SELECT 'house', 'houses_built', 'Nhà xây mới', 'Houses built', 'căn', 'houses', 1
	UNION ALL SELECT 'house', 'houses_repaired', 'Nhà sửa chữa', 'Houses repaired', 'căn', 'houses', 2
	UNION ALL SELECT 'infrastructure', 'road_km', 'Đường làm mới, sửa chữa', 'Road built or repaired', 'km', 'km', 1
	UNION ALL SELECT 'infrastructure', 'bridges', 'Cầu', 'Bridges', 'cầu', 'bridges', 2
	UNION ALL SELECT 'infrastructure', 'canal_m', 'Kênh mương', 'Irrigation canal', 'm', 'm', 3
	UNION ALL SELECT 'agriculture', 'hectares', 'Diện tích giúp gieo trồng, thu hoạch', 'Area sown or harvested', 'ha', 'ha', 1
	UNION ALL SELECT 'disaster', 'households_helped', 'Hộ được giúp khắc phục', 'Households helped', 'hộ', 'households', 1
	UNION ALL SELECT 'disaster', 'people_evacuated', 'Người được sơ tán', 'People evacuated', 'người', 'people', 2
	UNION ALL SELECT 'rescue', 'people_rescued', 'Người được cứu', 'People rescued', 'người', 'people', 1
	UNION ALL SELECT 'epidemic', 'sprayed_ha', 'Diện tích phun khử khuẩn', 'Area disinfected', 'ha', 'ha', 1
	UNION ALL SELECT 'health', 'people_examined', 'Người được khám bệnh', 'People examined', 'người', 'people', 1
	UNION ALL SELECT 'health', 'medicine_vnd', 'Thuốc cấp phát', 'Medicine given', 'đồng', 'VND', 2
	UNION ALL SELECT 'schooling', 'pupils', 'Học sinh được hỗ trợ', 'Pupils supported', 'em', 'pupils', 1
	UNION ALL SELECT 'schooling', 'scholarships', 'Suất học bổng', 'Scholarships', 'suất', 'scholarships', 2
	UNION ALL SELECT 'countryside', 'criteria', 'Tiêu chí nông thôn mới đạt thêm', 'Criteria newly met', 'tiêu chí', 'criteria', 1
	UNION ALL SELECT 'policy', 'gifts', 'Suất quà', 'Gifts', 'suất', 'gifts', 1
) m WHERE t.code = m.type;

-- Twinning: a unit assists an area over a period.
CREATE TABLE twinning (
	id @ID@,
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	area_id BIGINT NOT NULL REFERENCES area(id),
	purpose TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'ended')),
	start_on TEXT NOT NULL,
	end_on TEXT,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX twinning_unit ON twinning(unit_id);
CREATE INDEX twinning_area ON twinning(area_id);

-- A working group (tổ công tác) deployed by a unit to an area.
CREATE TABLE working_group (
	id @ID@,
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	area_id BIGINT NOT NULL REFERENCES area(id),
	name TEXT NOT NULL,
	name_fold TEXT NOT NULL,
	start_on TEXT NOT NULL,
	end_on TEXT,
	members INTEGER NOT NULL CHECK (members >= 1),
	tasks TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX working_group_unit ON working_group(unit_id);
CREATE INDEX working_group_area ON working_group(area_id);

-- A unit's plan for a year (quarter 0) or a quarter, approved by the superior unit.
CREATE TABLE plan (
	id @ID@,
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	quarter INTEGER NOT NULL DEFAULT 0 CHECK (quarter BETWEEN 0 AND 4),
	title TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
	note TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	decided_by BIGINT REFERENCES app_user(id),
	decided_at BIGINT,
	UNIQUE (unit_id, year, quarter)
);

-- A target: an indicator, a value, an optional activity type or measure, an optional area.
CREATE TABLE plan_target (
	id @ID@,
	plan_id BIGINT NOT NULL REFERENCES plan(id),
	indicator TEXT NOT NULL CHECK (indicator IN ('activities', 'households', 'persons',
		'workdays', 'value', 'measure', 'cases_on_time')),
	type_id BIGINT REFERENCES activity_type(id),
	measure_id BIGINT REFERENCES activity_measure_def(id),
	area_id BIGINT REFERENCES area(id),
	target_value @REAL@ NOT NULL CHECK (target_value > 0),
	label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_target_plan ON plan_target(plan_id);

-- ids are never reused: the revision history outlives a deleted activity
CREATE TABLE activity (
	id @ID_ONCE@,
	type_id BIGINT NOT NULL REFERENCES activity_type(id),
	lead_unit_id BIGINT NOT NULL REFERENCES unit(id),
	area_id BIGINT NOT NULL REFERENCES area(id),
	start_on TEXT NOT NULL,
	end_on TEXT NOT NULL,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	text_fold TEXT NOT NULL,
	participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
	workdays @REAL@ NOT NULL DEFAULT 0 CHECK (workdays >= 0),
	households INTEGER NOT NULL DEFAULT 0 CHECK (households >= 0),
	persons INTEGER NOT NULL DEFAULT 0 CHECK (persons >= 0),
	value_cash BIGINT NOT NULL DEFAULT 0 CHECK (value_cash >= 0),
	value_kind BIGINT NOT NULL DEFAULT 0 CHECK (value_kind >= 0),
	working_group_id BIGINT REFERENCES working_group(id),
	target_id BIGINT REFERENCES plan_target(id),
	revision INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX activity_lead ON activity(lead_unit_id, start_on);
CREATE INDEX activity_area ON activity(area_id, start_on);
CREATE INDEX activity_start ON activity(start_on);
-- most activities belong to no working group: only those that do are indexed
CREATE INDEX activity_group ON activity(working_group_id) WHERE working_group_id IS NOT NULL;

CREATE TABLE activity_unit (
	activity_id BIGINT NOT NULL REFERENCES activity(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	PRIMARY KEY (activity_id, unit_id)
);
CREATE INDEX activity_unit_unit ON activity_unit(unit_id);

CREATE TABLE activity_measure (
	activity_id BIGINT NOT NULL REFERENCES activity(id),
	measure_id BIGINT NOT NULL REFERENCES activity_measure_def(id),
	value @REAL@ NOT NULL CHECK (value >= 0),
	PRIMARY KEY (activity_id, measure_id)
);

-- Every saved state of an activity (JSON), with who and when: the edit history.
CREATE TABLE activity_revision (
	activity_id BIGINT NOT NULL,
	revision INTEGER NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('created', 'edited', 'deleted')),
	at BIGINT NOT NULL,
	user_id BIGINT REFERENCES app_user(id),
	snapshot TEXT NOT NULL,
	PRIMARY KEY (activity_id, revision)
);

CREATE TABLE activity_photo (
	id @ID@,
	activity_id BIGINT NOT NULL REFERENCES activity(id),
	mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
	bytes INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	caption TEXT NOT NULL DEFAULT '',
	data @BLOB@ NOT NULL,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX activity_photo_activity ON activity_photo(activity_id);

-- Rollups: one row per (ancestor-or-self, month, type) of every activity's area and of its lead
-- unit, so that any subtree's totals are a handful of rows. Measures likewise per measure, for
-- areas (the unit rollups show the figures only).
CREATE TABLE activity_area_agg (
	area_id BIGINT NOT NULL REFERENCES area(id),
	month TEXT NOT NULL,
	type_id BIGINT NOT NULL REFERENCES activity_type(id),
	n INTEGER NOT NULL DEFAULT 0,
	participants BIGINT NOT NULL DEFAULT 0,
	workdays @REAL@ NOT NULL DEFAULT 0,
	households BIGINT NOT NULL DEFAULT 0,
	persons BIGINT NOT NULL DEFAULT 0,
	value_cash BIGINT NOT NULL DEFAULT 0,
	value_kind BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (area_id, month, type_id)
);
CREATE TABLE activity_unit_agg (
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	month TEXT NOT NULL,
	type_id BIGINT NOT NULL REFERENCES activity_type(id),
	n INTEGER NOT NULL DEFAULT 0,
	participants BIGINT NOT NULL DEFAULT 0,
	workdays @REAL@ NOT NULL DEFAULT 0,
	households BIGINT NOT NULL DEFAULT 0,
	persons BIGINT NOT NULL DEFAULT 0,
	value_cash BIGINT NOT NULL DEFAULT 0,
	value_kind BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, month, type_id)
);
CREATE TABLE activity_area_measure_agg (
	area_id BIGINT NOT NULL REFERENCES area(id),
	month TEXT NOT NULL,
	measure_id BIGINT NOT NULL REFERENCES activity_measure_def(id),
	total @REAL@ NOT NULL DEFAULT 0,
	PRIMARY KEY (area_id, month, measure_id)
);
