-- 0001_foundation: areas and units as trees with closure tables, accounts, sessions, tokens,
-- login rate limits, the audit chain. Portable SQL; @ID@, @BLOB@, @REAL@ are rewritten per
-- engine by db_dialect(). Instants are UTC seconds (BIGINT); legal dates are 'YYYY-MM-DD' text.
-- By design there is no column for a person's ethnicity, religion or political opinion.

CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE area (
	id @ID@,
	code TEXT NOT NULL UNIQUE,
	parent_id BIGINT REFERENCES area(id),
	level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
	kind TEXT NOT NULL,
	kind_en TEXT NOT NULL,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	full_name TEXT NOT NULL,
	full_name_en TEXT NOT NULL,
	name_fold TEXT NOT NULL,
	lat @REAL@,
	lon @REAL@,
	area_km2 @REAL@,
	designations INTEGER NOT NULL DEFAULT 0,
	synthetic INTEGER NOT NULL DEFAULT 0,
	valid_from TEXT NOT NULL DEFAULT '2025-07-01',
	valid_to TEXT,
	successor_id BIGINT REFERENCES area(id)
);
CREATE INDEX area_parent ON area(parent_id);
CREATE INDEX area_level ON area(level);

CREATE TABLE area_closure (
	ancestor BIGINT NOT NULL REFERENCES area(id),
	descendant BIGINT NOT NULL REFERENCES area(id),
	depth INTEGER NOT NULL,
	PRIMARY KEY (ancestor, descendant)
);
CREATE INDEX area_closure_desc ON area_closure(descendant, ancestor);

CREATE TABLE unit (
	id @ID@,
	parent_id BIGINT REFERENCES unit(id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	name_fold TEXT NOT NULL,
	home_area_id BIGINT NOT NULL REFERENCES area(id),
	active INTEGER NOT NULL DEFAULT 1,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX unit_parent ON unit(parent_id);
CREATE INDEX unit_home_area ON unit(home_area_id);

CREATE TABLE unit_closure (
	ancestor BIGINT NOT NULL REFERENCES unit(id),
	descendant BIGINT NOT NULL REFERENCES unit(id),
	depth INTEGER NOT NULL,
	PRIMARY KEY (ancestor, descendant)
);
CREATE INDEX unit_closure_desc ON unit_closure(descendant, ancestor);

-- The areas a unit serves: always its home area, plus any added (a military region serves
-- several provinces). A scope's visible areas are the subtrees of these.
CREATE TABLE unit_area (
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	area_id BIGINT NOT NULL REFERENCES area(id),
	PRIMARY KEY (unit_id, area_id)
);
CREATE INDEX unit_area_area ON unit_area(area_id);

CREATE TABLE app_user (
	id @ID@,
	login TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	role TEXT NOT NULL CHECK (role IN ('officer', 'settler', 'leader', 'inspector', 'administrator')),
	password_hash TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	lang TEXT NOT NULL DEFAULT 'vi',
	created_at BIGINT NOT NULL,
	password_changed_at BIGINT NOT NULL,
	last_login_at BIGINT
);
CREATE INDEX app_user_unit ON app_user(unit_id);

-- Sessions: only a hash of the random token is stored.
CREATE TABLE session (
	id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	csrf TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL,
	addr TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE api_token (
	id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT,
	last_used_at BIGINT,
	revoked_at BIGINT
);
CREATE INDEX api_token_user ON api_token(user_id);

-- Failed-login counters per bucket ('login:NAME' or 'addr:ADDRESS') in a fixed window; kept in
-- the database so that several server processes share them.
CREATE TABLE login_attempt (
	bucket TEXT PRIMARY KEY,
	window_start BIGINT NOT NULL,
	failures INTEGER NOT NULL
);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical fields).
CREATE TABLE audit_log (
	id @ID@,
	at BIGINT NOT NULL,
	actor_user_id BIGINT,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
