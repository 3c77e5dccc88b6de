-- 0008_case_revision: a case's revision, raised by every change to what its pages and API answer
-- show (the case row, its timeline, its clocks, its handlers), so that an answer rendered at one
-- revision can be served again while the revision holds (web/anscache.h).
ALTER TABLE citizen_case ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
