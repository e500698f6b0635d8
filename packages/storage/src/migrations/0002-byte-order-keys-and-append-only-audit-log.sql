-- SPDX-License-Identifier: Apache-2.0
-- 1. Identifier columns compare byte-wise (COLLATE "C"), whatever the database locale. Keyset
--    pagination and canonical orders (`ORDER BY psn_no COLLATE "C"`) then walk the primary-key
--    and person indexes instead of sorting the table, and the order is the same on PGlite and on
--    any PostgreSQL server.
ALTER TABLE region ALTER COLUMN admdvs TYPE text COLLATE "C";
ALTER TABLE institution ALTER COLUMN code TYPE text COLLATE "C";
ALTER TABLE person ALTER COLUMN psn_no TYPE text COLLATE "C";
ALTER TABLE person_identity
  ALTER COLUMN psn_no TYPE text COLLATE "C",
  ALTER COLUMN type TYPE text COLLATE "C";
ALTER TABLE staff ALTER COLUMN code TYPE text COLLATE "C";
ALTER TABLE staff_link
  ALTER COLUMN staff_code TYPE text COLLATE "C",
  ALTER COLUMN institution_code TYPE text COLLATE "C";
ALTER TABLE encounter
  ALTER COLUMN mdtrt_id TYPE text COLLATE "C",
  ALTER COLUMN psn_no TYPE text COLLATE "C";
ALTER TABLE diagnosis
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN mdtrt_id TYPE text COLLATE "C";
ALTER TABLE operation
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN mdtrt_id TYPE text COLLATE "C";
ALTER TABLE fee_line
  ALTER COLUMN feedetl_sn TYPE text COLLATE "C",
  ALTER COLUMN mdtrt_id TYPE text COLLATE "C",
  ALTER COLUMN psn_no TYPE text COLLATE "C";
ALTER TABLE settlement
  ALTER COLUMN setl_id TYPE text COLLATE "C",
  ALTER COLUMN mdtrt_id TYPE text COLLATE "C",
  ALTER COLUMN psn_no TYPE text COLLATE "C";
ALTER TABLE settlement_fund_detail
  ALTER COLUMN setl_id TYPE text COLLATE "C",
  ALTER COLUMN fund_pay_type TYPE text COLLATE "C";
ALTER TABLE price_cap
  ALTER COLUMN admdvs TYPE text COLLATE "C",
  ALTER COLUMN code TYPE text COLLATE "C";
ALTER TABLE violation_truth
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN psn_no TYPE text COLLATE "C",
  ALTER COLUMN mdtrt_id TYPE text COLLATE "C";

-- 2. The audit log is append-only: rows can be inserted, never changed or removed.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计日志只能追加，不能修改或删除（%）', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
