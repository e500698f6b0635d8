-- SPDX-License-Identifier: Apache-2.0
-- Every change of a record table is announced on the channel `yibao_records` when its
-- transaction commits, so that a server keeping persons' histories in memory (real-time audit)
-- drops what changed, whichever process wrote it. The payload is the person numbers concerned,
-- comma-separated, or `*` when a statement touched many rows (a bulk import, a TRUNCATE):
-- then everything is dropped. Statement-level triggers with transition tables, so a COPY of a
-- million fee lines costs one count, not a million trigger calls.

CREATE FUNCTION records_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  persons text;
BEGIN
  -- Two tests: a TRUNCATE trigger has no transition table to count.
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('yibao_records', '*');
    RETURN NULL;
  END IF;
  IF (SELECT count(*) FROM changed) > 2000 THEN
    PERFORM pg_notify('yibao_records', '*');
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME NOT IN ('diagnosis', 'operation') THEN
    SELECT string_agg(DISTINCT c.psn_no, ',') INTO persons FROM changed c;
  ELSE
    SELECT string_agg(DISTINCT e.psn_no, ',') INTO persons
    FROM (SELECT DISTINCT mdtrt_id FROM changed) c JOIN encounter e ON e.mdtrt_id = c.mdtrt_id;
    -- Rows of an encounter not stored (yet): nobody's history holds them.
  END IF;
  IF persons IS NOT NULL THEN
    PERFORM pg_notify('yibao_records', CASE WHEN length(persons) > 7000 THEN '*' ELSE persons END);
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['person', 'person_identity', 'encounter', 'diagnosis', 'operation',
                           'fee_line', 'settlement'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION records_changed_notify()',
                   t || '_notify_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION records_changed_notify()',
                   t || '_notify_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION records_changed_notify()',
                   t || '_notify_delete', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION records_changed_notify()',
                   t || '_notify_truncate', t);
  END LOOP;
END
$$;
