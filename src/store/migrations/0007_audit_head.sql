-- 0007_audit_head: the audit chain's head (setting 'audit_head' = "ID HASH" of the last record
-- written), kept at the commit of every transaction that appends, so that `danvan audit verify`
-- sees records removed from the end of the chain, which no later link would name.
INSERT INTO setting (key, value)
SELECT 'audit_head', CAST(id AS TEXT) || ' ' || hash FROM audit_log
WHERE id = (SELECT max(id) FROM audit_log);
