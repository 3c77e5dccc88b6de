-- 0006_dashboard: what the dashboards, periodic reports and the public portal read. Case counts
-- per ancestor-or-self area (replacing case_agg, which held communes only), so that any
-- subtree's figures over a period are a handful of rows, as for the activities' rollups; an
-- index of the open clocks for the "overdue now" counts; and the version of the aggregates that
-- caches of computed dashboards compare (setting 'agg_version', written by the first change).

-- One row per area that is the case's commune (its area when it has none) or an ancestor of it,
-- month ("YYYY-MM", of the day counted), kind and topic. received: by the day received;
-- accepted: by the day accepted; decided, decided_on_time: by the day of the decision.
CREATE TABLE case_area_agg (
	area_id BIGINT NOT NULL REFERENCES area(id),
	month TEXT NOT NULL,
	kind TEXT NOT NULL,
	topic_id BIGINT NOT NULL REFERENCES topic(id),
	received INTEGER NOT NULL DEFAULT 0,
	accepted INTEGER NOT NULL DEFAULT 0,
	decided INTEGER NOT NULL DEFAULT 0,
	decided_on_time INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (area_id, month, kind, topic_id)
);

INSERT INTO case_area_agg (area_id, month, kind, topic_id, received, decided, decided_on_time)
SELECT ac.ancestor, g.month, g.kind, g.topic_id, SUM(g.received), SUM(g.decided),
	SUM(g.decided_on_time)
FROM case_agg g JOIN area_closure ac ON ac.descendant = g.commune_id
WHERE g.received <> 0 OR g.decided <> 0
GROUP BY ac.ancestor, g.month, g.kind, g.topic_id;

INSERT INTO case_area_agg (area_id, month, kind, topic_id, accepted)
SELECT ac.ancestor, substr(c.accepted_on, 1, 7), c.kind, c.topic_id, COUNT(*)
FROM citizen_case c JOIN area_closure ac ON ac.descendant = COALESCE(c.commune_id, c.area_id)
WHERE c.accepted_on IS NOT NULL
GROUP BY ac.ancestor, substr(c.accepted_on, 1, 7), c.kind, c.topic_id
ON CONFLICT (area_id, month, kind, topic_id) DO UPDATE SET accepted = excluded.accepted;

DROP TABLE case_agg;

-- Open clocks by due day: "overdue now" reads only these.
CREATE INDEX case_deadline_open ON case_deadline(due_day) WHERE met_on IS NULL;

-- The portal's published answers, newest first: by day, and by commune and day. Partial, so
-- that receiving a case (decided_on still NULL) writes neither.
CREATE INDEX citizen_case_published ON citizen_case(decided_on)
	WHERE decided_on IS NOT NULL AND decision_public = 1;
CREATE INDEX citizen_case_commune_published ON citizen_case(commune_id, decided_on)
	WHERE decided_on IS NOT NULL AND decision_public = 1;

-- The portal's dialogues with the people (an activity type), newest first.
CREATE INDEX activity_type_start ON activity(type_id, start_on);
