-- 0009_unused_indexes: three indexes no statement reads, dropped because every case intake paid
-- for them. Every read of case_handler and case_deadline goes by case (their primary keys); the
-- overdue lists and counts read citizen_case.counted_due (0006). Units are never deleted, so no
-- foreign-key check looks for a unit's handler rows either. The handler index alone was one page
-- of the write-ahead log a case: a new case's unit is anywhere in the index.
DROP INDEX IF EXISTS case_handler_unit;
DROP INDEX IF EXISTS case_deadline_due;
DROP INDEX IF EXISTS case_deadline_open;
