-- 0004_emulation: "clever mass mobilisation" (Dân vận khéo) models and exemplars with their
-- evaluations, recognitions and replication lineage; emulation rounds with criteria, scores
-- and reviews; commendation proposals and decisions over the award forms of RULES.md.
-- Scores are REAL (criteria allow half points); dates are local calendar dates (TEXT).
-- Awards name persons by name and unit only: never ethnicity, religion or political opinion.

-- A launching unit's criteria: for evaluating models ('model') or scoring a round ('round').
-- A set is never changed once created (a newer set replaces it), so past scores keep meaning.
CREATE TABLE criteria_set (
	id @ID@,
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	purpose TEXT NOT NULL CHECK (purpose IN ('model', 'round')),
	name TEXT NOT NULL,
	pass_percent @REAL@ NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX criteria_set_unit ON criteria_set(unit_id);
CREATE TABLE criterion (
	id @ID@,
	set_id BIGINT NOT NULL REFERENCES criteria_set(id),
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	guidance TEXT NOT NULL DEFAULT '',
	weight @REAL@ NOT NULL CHECK (weight > 0),
	max_score @REAL@ NOT NULL CHECK (max_score > 0),
	UNIQUE (set_id, pos)
);

-- Models (a collective way of working) and exemplars (a person or collective held up as an
-- example). origin_id: the model this one replicates; root_id: the first of its lineage.
CREATE TABLE model (
	id @ID@,
	kind TEXT NOT NULL CHECK (kind IN ('model', 'exemplar')),
	field TEXT NOT NULL CHECK (field IN ('economy', 'culture_society', 'defence_security',
		'party_building')),
	name TEXT NOT NULL,
	name_fold TEXT NOT NULL,
	owner_unit_id BIGINT NOT NULL REFERENCES unit(id),
	area_id BIGINT NOT NULL REFERENCES area(id),
	launch_unit_id BIGINT NOT NULL REFERENCES unit(id),
	start_on TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	goals TEXT NOT NULL DEFAULT '',
	results TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('registered', 'implementing', 'recognised',
		'typical', 'withdrawn')),
	level TEXT NOT NULL CHECK (level IN ('none', 'commune', 'province', 'national')),
	withdrawn_reason TEXT NOT NULL DEFAULT '',
	origin_id BIGINT REFERENCES model(id),
	root_id BIGINT REFERENCES model(id),
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX model_owner ON model(owner_unit_id);
CREATE INDEX model_launch ON model(launch_unit_id);
CREATE INDEX model_area ON model(area_id);
CREATE INDEX model_origin ON model(origin_id);
CREATE INDEX model_root ON model(root_id);

-- What happened to a model: registered, edited, implementing, recognised (level, decision,
-- the evaluation's percent), typical, withdrawn (reason in note).
CREATE TABLE model_event (
	id @ID@,
	model_id BIGINT NOT NULL REFERENCES model(id),
	action TEXT NOT NULL,
	level TEXT NOT NULL DEFAULT '',
	decision_no TEXT NOT NULL DEFAULT '',
	decision_on TEXT,
	unit_id BIGINT REFERENCES unit(id),
	criteria_set_id BIGINT REFERENCES criteria_set(id),
	percent @REAL@,
	note TEXT NOT NULL DEFAULT '',
	user_id BIGINT REFERENCES app_user(id),
	at BIGINT NOT NULL
);
CREATE INDEX model_event_model ON model_event(model_id, id);

-- One evaluator's score of a model on one criterion (the latest replaces the earlier).
CREATE TABLE model_evaluation (
	id @ID@,
	model_id BIGINT NOT NULL REFERENCES model(id),
	criterion_id BIGINT NOT NULL REFERENCES criterion(id),
	evaluator_id BIGINT NOT NULL REFERENCES app_user(id),
	evaluator_unit_id BIGINT NOT NULL REFERENCES unit(id),
	score @REAL@ NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL,
	UNIQUE (model_id, criterion_id, evaluator_id)
);
CREATE INDEX model_evaluation_criterion ON model_evaluation(criterion_id);

-- The activities that are a model's results.
CREATE TABLE model_activity (
	model_id BIGINT NOT NULL REFERENCES model(id),
	activity_id BIGINT NOT NULL REFERENCES activity(id),
	linked_by BIGINT REFERENCES app_user(id),
	linked_at BIGINT NOT NULL,
	PRIMARY KEY (model_id, activity_id)
);
CREATE INDEX model_activity_activity ON model_activity(activity_id);

CREATE TABLE model_photo (
	id @ID@,
	model_id BIGINT NOT NULL REFERENCES model(id),
	mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
	bytes INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	caption TEXT NOT NULL DEFAULT '',
	data @BLOB@ NOT NULL,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX model_photo_model ON model_photo(model_id);

-- Emulation rounds. status: open (scoring) -> preliminary (reviewed, scores still correctable)
-- -> final (locked). Each review keeps the ranking it saw (JSON).
CREATE TABLE campaign (
	id @ID@,
	launch_unit_id BIGINT NOT NULL REFERENCES unit(id),
	name TEXT NOT NULL,
	name_fold TEXT NOT NULL,
	theme TEXT NOT NULL DEFAULT '',
	start_on TEXT NOT NULL,
	end_on TEXT NOT NULL,
	criteria_set_id BIGINT NOT NULL REFERENCES criteria_set(id),
	status TEXT NOT NULL CHECK (status IN ('open', 'preliminary', 'final')),
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX campaign_launch ON campaign(launch_unit_id);
-- peer_group: the participant's unit kind and level when it joined ("peoples-committee@commune").
CREATE TABLE campaign_unit (
	campaign_id BIGINT NOT NULL REFERENCES campaign(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	peer_group TEXT NOT NULL,
	PRIMARY KEY (campaign_id, unit_id)
);
CREATE INDEX campaign_unit_unit ON campaign_unit(unit_id);
CREATE TABLE campaign_score (
	campaign_id BIGINT NOT NULL REFERENCES campaign(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	criterion_id BIGINT NOT NULL REFERENCES criterion(id),
	self_score @REAL@,
	self_note TEXT NOT NULL DEFAULT '',
	self_by BIGINT REFERENCES app_user(id),
	self_at BIGINT,
	review_score @REAL@,
	review_note TEXT NOT NULL DEFAULT '',
	review_by BIGINT REFERENCES app_user(id),
	review_at BIGINT,
	PRIMARY KEY (campaign_id, unit_id, criterion_id)
);
-- Evidence behind a participant's score on a criterion: an activity, a model, or the case
-- statistics of an area over the round's period (ref_id is the area then).
CREATE TABLE campaign_evidence (
	id @ID@,
	campaign_id BIGINT NOT NULL REFERENCES campaign(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	criterion_id BIGINT NOT NULL REFERENCES criterion(id),
	kind TEXT NOT NULL CHECK (kind IN ('activity', 'model', 'cases')),
	ref_id BIGINT NOT NULL,
	added_by BIGINT REFERENCES app_user(id),
	added_at BIGINT NOT NULL,
	UNIQUE (campaign_id, unit_id, criterion_id, kind, ref_id)
);
CREATE TABLE campaign_review (
	id @ID@,
	campaign_id BIGINT NOT NULL REFERENCES campaign(id),
	stage TEXT NOT NULL CHECK (stage IN ('preliminary', 'final')),
	note TEXT NOT NULL DEFAULT '',
	ranking TEXT NOT NULL,
	user_id BIGINT REFERENCES app_user(id),
	at BIGINT NOT NULL
);
CREATE INDEX campaign_review_campaign ON campaign_review(campaign_id);

-- Emulation titles and forms of commendation (RULES.md), highest rank first within a category.
-- recipients: the kinds of recipient it may go to (comma-separated: unit, person, model, area,
-- household). needs_code/needs_years: the title the recipient must already hold for that many
-- consecutive years; needs_initiative: the scope of initiative it requires.
CREATE TABLE award_form (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	category TEXT NOT NULL CHECK (category IN ('title_individual', 'title_collective',
		'title_household', 'form')),
	rank INTEGER NOT NULL,
	recipients TEXT NOT NULL,
	needs_code TEXT REFERENCES award_form(code),
	needs_years INTEGER NOT NULL DEFAULT 0,
	needs_initiative TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1
);
-- Who may grant a form: a unit of this kind whose home area is at this level (0 nation,
-- 1 province, 2 commune; -1 any level).
CREATE TABLE award_grantor (
	form_code TEXT NOT NULL REFERENCES award_form(code),
	unit_kind TEXT NOT NULL,
	area_level INTEGER NOT NULL,
	PRIMARY KEY (form_code, unit_kind, area_level)
);

INSERT INTO award_form (code, name, name_en, category, rank, recipients, needs_code, needs_years, needs_initiative) VALUES
	('grassroots_emulation_soldier', 'Chiến sĩ thi đua cơ sở', 'Grassroots Emulation Soldier', 'title_individual', 30, 'person', NULL, 0, 'grassroots'),
	('advanced_worker', 'Lao động tiên tiến', 'Advanced Worker', 'title_individual', 40, 'person', NULL, 0, ''),
	('advanced_soldier', 'Chiến sĩ tiên tiến', 'Advanced Soldier', 'title_individual', 40, 'person', NULL, 0, ''),
	('government_emulation_flag', 'Cờ thi đua của Chính phủ', 'Government Emulation Flag', 'title_collective', 10, 'unit', NULL, 0, ''),
	('province_emulation_flag', 'Cờ thi đua cấp bộ, ngành, tỉnh', 'Ministry or province Emulation Flag', 'title_collective', 20, 'unit', NULL, 0, ''),
	('excellent_labour_collective', 'Tập thể lao động xuất sắc', 'Excellent Labour Collective', 'title_collective', 30, 'unit', NULL, 0, ''),
	('decisive_victory_unit', 'Đơn vị quyết thắng', '"Decisive Victory" Unit', 'title_collective', 30, 'unit', NULL, 0, ''),
	('advanced_collective', 'Tập thể lao động tiên tiến', 'Advanced Collective', 'title_collective', 40, 'unit', NULL, 0, ''),
	('advanced_unit', 'Đơn vị tiên tiến', 'Advanced Unit', 'title_collective', 40, 'unit', NULL, 0, ''),
	('exemplary_commune', 'Xã, phường tiêu biểu', 'Exemplary commune', 'title_collective', 45, 'area', NULL, 0, ''),
	('cultural_village', 'Thôn, tổ dân phố văn hóa', 'Cultural village', 'title_collective', 50, 'area', NULL, 0, ''),
	('cultural_family', 'Gia đình văn hóa', 'Cultural family', 'title_household', 60, 'household', NULL, 0, ''),
	('order', 'Huân chương', 'Order', 'form', 10, 'unit,person', NULL, 0, ''),
	('medal', 'Huy chương', 'Medal', 'form', 20, 'unit,person', NULL, 0, ''),
	('state_honorary_title', 'Danh hiệu vinh dự Nhà nước', 'State honorary title', 'form', 30, 'unit,person', NULL, 0, ''),
	('hcm_state_prize', 'Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước', 'Ho Chi Minh Prize or State Prize', 'form', 40, 'unit,person', NULL, 0, ''),
	('commemorative_medal', 'Kỷ niệm chương', 'Commemorative medal', 'form', 50, 'person', NULL, 0, ''),
	('certificate_of_merit', 'Bằng khen', 'Certificate of merit', 'form', 60, 'unit,person,model,area,household', NULL, 0, ''),
	('letter_of_commendation', 'Giấy khen', 'Letter of commendation', 'form', 70, 'unit,person,model,area,household', NULL, 0, '');
-- Inserted after the titles they name (the foreign key).
INSERT INTO award_form (code, name, name_en, category, rank, recipients, needs_code, needs_years, needs_initiative) VALUES
	('province_emulation_soldier', 'Chiến sĩ thi đua cấp bộ, ngành, tỉnh', 'Ministry or province Emulation Soldier', 'title_individual', 20, 'person', 'grassroots_emulation_soldier', 3, 'province');
INSERT INTO award_form (code, name, name_en, category, rank, recipients, needs_code, needs_years, needs_initiative) VALUES
	('national_emulation_soldier', 'Chiến sĩ thi đua toàn quốc', 'National Emulation Soldier', 'title_individual', 10, 'person', 'province_emulation_soldier', 2, 'national');

-- Grantors. National titles and state forms are decided by the State President or the Prime
-- Minister; in danvan they are recorded by the nation-level bodies (the Central Mass
-- Mobilisation Commission, the Ministry of National Defence) that propose them.
INSERT INTO award_grantor (form_code, unit_kind, area_level) VALUES
	('national_emulation_soldier', 'central-commission', 0),
	('national_emulation_soldier', 'defence-ministry', 0),
	('government_emulation_flag', 'central-commission', 0),
	('government_emulation_flag', 'defence-ministry', 0),
	('order', 'central-commission', 0), ('order', 'defence-ministry', 0),
	('medal', 'central-commission', 0), ('medal', 'defence-ministry', 0),
	('state_honorary_title', 'central-commission', 0),
	('state_honorary_title', 'defence-ministry', 0),
	('hcm_state_prize', 'central-commission', 0), ('hcm_state_prize', 'defence-ministry', 0),
	('commemorative_medal', 'central-commission', 0),
	('commemorative_medal', 'defence-ministry', 0),
	('province_emulation_soldier', 'peoples-committee', 1),
	('province_emulation_soldier', 'defence-ministry', 0),
	('province_emulation_flag', 'peoples-committee', 1),
	('province_emulation_flag', 'defence-ministry', 0),
	('province_emulation_flag', 'military-region', -1),
	('excellent_labour_collective', 'peoples-committee', 1),
	('decisive_victory_unit', 'military-region', -1),
	('decisive_victory_unit', 'defence-ministry', 0),
	('exemplary_commune', 'peoples-committee', 1),
	('certificate_of_merit', 'peoples-committee', 1),
	('certificate_of_merit', 'party-committee', 1),
	('certificate_of_merit', 'fatherland-front', 1),
	('certificate_of_merit', 'central-commission', 0),
	('certificate_of_merit', 'defence-ministry', 0),
	('certificate_of_merit', 'military-region', -1),
	('grassroots_emulation_soldier', 'peoples-committee', 2),
	('grassroots_emulation_soldier', 'state-agency', 1),
	('grassroots_emulation_soldier', 'division', -1),
	('grassroots_emulation_soldier', 'brigade', -1),
	('grassroots_emulation_soldier', 'regiment', -1),
	('grassroots_emulation_soldier', 'provincial-military-command', -1),
	('grassroots_emulation_soldier', 'border-guard-command', -1),
	('advanced_worker', 'peoples-committee', 2),
	('advanced_worker', 'state-agency', 1),
	('advanced_soldier', 'division', -1), ('advanced_soldier', 'brigade', -1),
	('advanced_soldier', 'regiment', -1),
	('advanced_soldier', 'provincial-military-command', -1),
	('advanced_soldier', 'border-guard-command', -1),
	('advanced_collective', 'peoples-committee', 2),
	('advanced_collective', 'state-agency', 1),
	('advanced_unit', 'division', -1), ('advanced_unit', 'brigade', -1),
	('advanced_unit', 'regiment', -1), ('advanced_unit', 'provincial-military-command', -1),
	('advanced_unit', 'border-guard-command', -1),
	('cultural_village', 'peoples-committee', 2),
	('cultural_family', 'peoples-committee', 2),
	('letter_of_commendation', 'peoples-committee', 2),
	('letter_of_commendation', 'party-committee', 2),
	('letter_of_commendation', 'state-agency', 1),
	('letter_of_commendation', 'mm-board', 1),
	('letter_of_commendation', 'fatherland-front', 1),
	('letter_of_commendation', 'youth-union', 1),
	('letter_of_commendation', 'womens-union', 1),
	('letter_of_commendation', 'farmers-union', 1),
	('letter_of_commendation', 'veterans-association', 1),
	('letter_of_commendation', 'division', -1),
	('letter_of_commendation', 'brigade', -1),
	('letter_of_commendation', 'regiment', -1),
	('letter_of_commendation', 'provincial-military-command', -1),
	('letter_of_commendation', 'border-guard-command', -1);

-- Commendation: proposal -> decision. recipient_key identifies the recipient across proposals
-- ("unit:7", "person:7:nguyen van a", "model:3", "area:12", "household:12:tran thi b") for the
-- history and the rules; subject_unit_id/area_id decide who sees it (with the proposing unit).
-- warnings: the rules the proposal was found to break (JSON array), kept with the decision.
CREATE TABLE award (
	id @ID@,
	form_code TEXT NOT NULL REFERENCES award_form(code),
	recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('unit', 'person', 'model', 'area',
		'household')),
	recipient_key TEXT NOT NULL,
	recipient_name TEXT NOT NULL,
	subject_unit_id BIGINT REFERENCES unit(id),
	area_id BIGINT NOT NULL REFERENCES area(id),
	model_id BIGINT REFERENCES model(id),
	campaign_id BIGINT REFERENCES campaign(id),
	year INTEGER NOT NULL,
	achievement TEXT NOT NULL,
	achievement_fold TEXT NOT NULL,
	search_fold TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	initiative TEXT NOT NULL DEFAULT '',
	proposing_unit_id BIGINT NOT NULL REFERENCES unit(id),
	proposed_by BIGINT REFERENCES app_user(id),
	proposed_at BIGINT NOT NULL,
	warnings TEXT NOT NULL DEFAULT '[]',
	status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
	decision_no TEXT NOT NULL DEFAULT '',
	decision_on TEXT,
	issuer_unit_id BIGINT REFERENCES unit(id),
	decided_by BIGINT REFERENCES app_user(id),
	decided_at BIGINT,
	decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX award_recipient ON award(recipient_key, year);
CREATE INDEX award_proposing ON award(proposing_unit_id);
CREATE INDEX award_subject ON award(subject_unit_id);
CREATE INDEX award_area ON award(area_id);
CREATE INDEX award_model ON award(model_id);
