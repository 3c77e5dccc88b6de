-- 0002_cases: the voice of the people: cases and their timeline, deadlines, topics, routing
-- rules, rule sets, holidays, the notification outbox, case aggregates. Portable SQL (see 0001).
-- A denouncer's identity is only ever stored sealed (secretbox, key file): sealed_identity.
-- By design no column holds a person's ethnicity, religion or political opinion.

CREATE TABLE topic (
	id @ID@,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	sort INTEGER NOT NULL DEFAULT 0
);
INSERT INTO topic (code, name, name_en, sort) VALUES
	('land', 'Đất đai', 'Land', 10),
	('environment', 'Môi trường', 'Environment', 20),
	('social-policy', 'Chính sách xã hội', 'Social policy', 30),
	('infrastructure', 'Hạ tầng, giao thông', 'Infrastructure', 40),
	('admin-procedures', 'Thủ tục hành chính', 'Administrative procedures', 50),
	('officials-conduct', 'Tác phong, thái độ cán bộ', 'Conduct of officials', 60),
	('security-order', 'An ninh, trật tự', 'Security and order', 70),
	('health', 'Y tế', 'Health', 80),
	('education', 'Giáo dục', 'Education', 90),
	('other', 'Khác', 'Other', 100);

-- Statutory rule sets, each in force from its date until the next one's (RULES.md).
CREATE TABLE rule_set (
	id @ID@,
	effective_from TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE TABLE rule (
	rule_set_id BIGINT NOT NULL REFERENCES rule_set(id),
	code TEXT NOT NULL,
	days INTEGER NOT NULL CHECK (days > 0),
	working INTEGER NOT NULL DEFAULT 0,
	days_complex INTEGER NOT NULL DEFAULT 0,
	days_remote INTEGER NOT NULL DEFAULT 0,
	days_remote_complex INTEGER NOT NULL DEFAULT 0,
	max_extensions INTEGER NOT NULL DEFAULT 0,
	extension_days INTEGER NOT NULL DEFAULT 0,
	anchor TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('C', 'P', 'U')),
	PRIMARY KEY (rule_set_id, code)
);

-- The rules of RULES.md as shipped, in force from the two-tier reform. Status U rows are shown
-- "to verify". Extensions: a denunciation may be extended once when complex, twice when
-- particularly complex (the case's complexity level caps max_extensions).
INSERT INTO rule_set (effective_from, name, note, created_at) VALUES
	('2025-07-01', 'Luật Khiếu nại 2011, Luật Tố cáo 2018, Nghị định 124/2020 và 31/2019 (sửa đổi 2025)',
	 'seeded from RULES.md', 0);
INSERT INTO rule (rule_set_id, code, days, working, days_complex, days_remote, days_remote_complex,
		  max_extensions, extension_days, anchor, status)
SELECT rs.id, r.code, r.days, r.working, r.dc, r.dr, r.drc, r.mx, r.xd, r.anchor, r.status
FROM rule_set rs, (
	SELECT 'KN_LODGE' AS code, 90 AS days, 0 AS working, 0 AS dc, 0 AS dr, 0 AS drc, 0 AS mx, 0 AS xd, 'decision' AS anchor, 'C' AS status
	UNION ALL SELECT 'KN1_ACCEPT', 10, 0, 0, 0, 0, 0, 0, 'receipt', 'C'
	UNION ALL SELECT 'KN1_SETTLE', 30, 0, 45, 45, 60, 0, 0, 'acceptance', 'C'
	UNION ALL SELECT 'KN2_LODGE', 30, 0, 0, 45, 45, 0, 0, 'decision', 'C'
	UNION ALL SELECT 'KN2_ACCEPT', 10, 0, 0, 0, 0, 0, 0, 'receipt', 'U'
	UNION ALL SELECT 'KN2_SETTLE', 45, 0, 60, 60, 70, 0, 0, 'acceptance', 'C'
	UNION ALL SELECT 'KN_COURT', 365, 0, 0, 0, 0, 0, 0, 'decision', 'P'
	UNION ALL SELECT 'KN_PUBLISH', 15, 0, 0, 0, 0, 0, 0, 'decision', 'C'
	UNION ALL SELECT 'KL_LODGE', 15, 0, 0, 0, 0, 0, 0, 'decision', 'C'
	UNION ALL SELECT 'TC_INIT', 7, 1, 10, 0, 10, 0, 0, 'receipt', 'P'
	UNION ALL SELECT 'TC_TRANSFER', 5, 1, 0, 0, 0, 0, 0, 'receipt', 'U'
	UNION ALL SELECT 'TC_NOTIFY', 5, 1, 0, 0, 0, 0, 0, 'acceptance', 'C'
	UNION ALL SELECT 'TC_SETTLE', 30, 0, 0, 0, 0, 2, 30, 'acceptance', 'C'
	UNION ALL SELECT 'TC_LATE', 5, 1, 0, 0, 0, 0, 0, 'request', 'C'
	UNION ALL SELECT 'PAKN_FWD', 5, 1, 0, 0, 0, 0, 0, 'receipt', 'C'
	UNION ALL SELECT 'PAKN_SETTLE', 30, 0, 0, 0, 0, 0, 0, 'receipt', 'U'
	UNION ALL SELECT 'PAKN_VBQPPL', 15, 0, 0, 0, 0, 0, 0, 'receipt', 'C'
	UNION ALL SELECT 'CUTRI', 60, 0, 0, 0, 0, 0, 0, 'receipt', 'C'
) r
WHERE rs.effective_from = '2025-07-01';

-- Holidays an administrator adds (Tết, Hùng Kings' day, compensatory days); the fixed national
-- holidays are computed by the deadline engine for every year.
CREATE TABLE holiday (
	day TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL
);

-- Which unit handles what: the most specific matching rule wins (deepest area, then a topic,
-- then a kind); with none, the commune people's committee of the case's area.
CREATE TABLE routing_rule (
	id @ID@,
	area_id BIGINT REFERENCES area(id),
	topic_id BIGINT REFERENCES topic(id),
	kind TEXT,
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX routing_rule_area ON routing_rule(area_id);

-- "case" is a keyword in SQL: citizen_case.
CREATE TABLE citizen_case (
	id @ID@,
	tracking_code TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('feedback', 'complaint1', 'complaint2', 'denunciation',
		'anonymous', 'petition')),
	channel TEXT NOT NULL,
	status TEXT NOT NULL,
	topic_id BIGINT NOT NULL REFERENCES topic(id),
	area_id BIGINT NOT NULL REFERENCES area(id),
	commune_id BIGINT REFERENCES area(id),
	subject_unit_id BIGINT REFERENCES unit(id),
	names_head INTEGER NOT NULL DEFAULT 0,
	handling_unit_id BIGINT NOT NULL REFERENCES unit(id),
	assignee_id BIGINT REFERENCES app_user(id),
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	text_fold TEXT NOT NULL,
	people_count INTEGER NOT NULL DEFAULT 1,
	representatives TEXT NOT NULL DEFAULT '',
	-- the submitter of a non-denunciation case (NULL when anonymous or sealed)
	submitter_name TEXT,
	submitter_contact TEXT,
	submitter_address TEXT,
	-- a denunciation's identity: secretbox(nonce || box) of name, address, contact; never plain
	sealed_identity @BLOB@,
	signed INTEGER NOT NULL DEFAULT 0,
	complex INTEGER NOT NULL DEFAULT 0 CHECK (complex BETWEEN 0 AND 2), -- 2: particularly complex
	remote INTEGER NOT NULL DEFAULT 0,
	address_text TEXT NOT NULL DEFAULT '',
	lat @REAL@,
	lon @REAL@,
	received_on TEXT NOT NULL,
	received_at BIGINT NOT NULL,
	accepted_on TEXT,
	decided_on TEXT,
	decision TEXT,
	decision_public INTEGER NOT NULL DEFAULT 1,
	closed_at BIGINT,
	extensions INTEGER NOT NULL DEFAULT 0,
	rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
	rating_comment TEXT,
	parent_case_id BIGINT REFERENCES citizen_case(id),
	duplicate_of BIGINT REFERENCES citizen_case(id),
	created_by BIGINT REFERENCES app_user(id),
	open311_client TEXT,
	updated_at BIGINT NOT NULL
);
CREATE INDEX citizen_case_handler ON citizen_case(handling_unit_id, status);
CREATE INDEX citizen_case_area ON citizen_case(area_id);
CREATE INDEX citizen_case_received ON citizen_case(received_at);
CREATE INDEX citizen_case_updated ON citizen_case(updated_at);
-- duplicate suggestions look in one commune and topic
CREATE INDEX citizen_case_commune ON citizen_case(commune_id, topic_id, received_at);

-- Every unit that has handled a case keeps seeing it (after a forward or an escalation).
CREATE TABLE case_handler (
	case_id BIGINT NOT NULL REFERENCES citizen_case(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	since BIGINT NOT NULL,
	PRIMARY KEY (case_id, unit_id)
);
CREATE INDEX case_handler_unit ON case_handler(unit_id);

-- The clocks of a case with what produced them: the rule, its set and the inputs.
CREATE TABLE case_deadline (
	case_id BIGINT NOT NULL REFERENCES citizen_case(id),
	step TEXT NOT NULL,
	rule_code TEXT NOT NULL,
	rule_set_id BIGINT,
	from_day TEXT NOT NULL,
	days INTEGER NOT NULL,
	working INTEGER NOT NULL,
	anchor TEXT NOT NULL,
	flags INTEGER NOT NULL DEFAULT 0,
	extensions INTEGER NOT NULL DEFAULT 0,
	nominal_day TEXT NOT NULL,
	due_day TEXT NOT NULL,
	met_on TEXT,
	PRIMARY KEY (case_id, step)
);
CREATE INDEX case_deadline_due ON case_deadline(due_day);

-- The timeline. `public` events are shown to the citizen on the tracking page.
CREATE TABLE case_event (
	id @ID@,
	case_id BIGINT NOT NULL REFERENCES citizen_case(id),
	at BIGINT NOT NULL,
	actor_user_id BIGINT REFERENCES app_user(id),
	unit_id BIGINT REFERENCES unit(id),
	kind TEXT NOT NULL,
	public INTEGER NOT NULL DEFAULT 0,
	from_status TEXT,
	to_status TEXT,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_event_case ON case_event(case_id, id);

-- Messages to citizens and officers, sent by a delivery adapter (log, SMTP). The recipient of a
-- denunciation's messages is sealed like the identity.
CREATE TABLE notification (
	id @ID@,
	case_id BIGINT REFERENCES citizen_case(id),
	event TEXT NOT NULL,
	channel TEXT NOT NULL,
	recipient TEXT,
	sealed_recipient @BLOB@,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	sent_at BIGINT,
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT
);
CREATE INDEX notification_pending ON notification(sent_at, id);

-- Counts per commune, month, kind and topic, kept in the same transaction as the facts.
CREATE TABLE case_agg (
	commune_id BIGINT NOT NULL REFERENCES area(id),
	month TEXT NOT NULL,
	kind TEXT NOT NULL,
	topic_id BIGINT NOT NULL REFERENCES topic(id),
	received INTEGER NOT NULL DEFAULT 0,
	decided INTEGER NOT NULL DEFAULT 0,
	decided_on_time INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (commune_id, month, kind, topic_id)
);

-- Open311 client applications (an administrator issues and revokes their keys).
CREATE TABLE open311_client (
	id @ID@,
	name TEXT NOT NULL,
	key_hash TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT
);
