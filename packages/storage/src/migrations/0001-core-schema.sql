-- SPDX-License-Identifier: Apache-2.0
-- Core schema: reference data, persons, encounters, fee lines, settlements, knowledge packs,
-- imports, findings placeholder, truth of synthetic regions, audit log.
-- Money columns are integer fen (bigint); unit prices are PriceE4 (1/10000 yuan, bigint).
-- Written for the PostgreSQL 15 subset so that it runs on the server and on PGlite alike.

CREATE TABLE region (
  admdvs text PRIMARY KEY,
  name text NOT NULL,
  parent text
);

CREATE TABLE institution (
  code text PRIMARY KEY,
  name text NOT NULL,
  type text NOT NULL,
  level smallint NOT NULL,
  admdvs text NOT NULL,
  tier text NOT NULL
);

CREATE TABLE person (
  psn_no text PRIMARY KEY,
  name text NOT NULL,
  certno text NOT NULL,
  gender text NOT NULL,
  birth_date date NOT NULL,
  insu_type text NOT NULL,
  admdvs text NOT NULL,
  death_date date
);

CREATE TABLE person_identity (
  psn_no text NOT NULL,
  type text NOT NULL,
  begin_date date NOT NULL,
  end_date date,
  source text NOT NULL,
  PRIMARY KEY (psn_no, type, begin_date)
);

CREATE TABLE staff (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  title text NOT NULL
);

CREATE TABLE staff_link (
  staff_code text NOT NULL,
  institution_code text NOT NULL,
  dept_code text,
  begin_date date NOT NULL,
  end_date date,
  PRIMARY KEY (staff_code, institution_code, begin_date)
);

CREATE TABLE encounter (
  mdtrt_id text PRIMARY KEY,
  psn_no text NOT NULL,
  institution_code text NOT NULL,
  kind text NOT NULL,
  med_type text NOT NULL,
  insu_type text NOT NULL,
  begin_time timestamptz NOT NULL,
  end_time timestamptz,
  adm_dept text,
  dscg_dept text,
  dscg_way text,
  main_diag_code text,
  chief_doctor text,
  matn_stas text,
  death_date date,
  readmit_planned boolean NOT NULL DEFAULT false,
  admdvs text NOT NULL,
  import_batch bigint
);
CREATE INDEX encounter_person_time ON encounter (psn_no, begin_time);
CREATE INDEX encounter_institution_time ON encounter (institution_code, begin_time);

CREATE TABLE diagnosis (
  id text PRIMARY KEY,
  mdtrt_id text NOT NULL,
  seq integer NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  main boolean NOT NULL,
  adm_cond text,
  import_batch bigint
);
CREATE INDEX diagnosis_encounter ON diagnosis (mdtrt_id);

CREATE TABLE operation (
  id text PRIMARY KEY,
  mdtrt_id text NOT NULL,
  seq integer NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  main boolean NOT NULL,
  oprn_date date,
  anst_way text,
  surgeon_code text,
  import_batch bigint
);
CREATE INDEX operation_encounter ON operation (mdtrt_id);

CREATE TABLE fee_line (
  feedetl_sn text PRIMARY KEY,
  mdtrt_id text NOT NULL,
  setl_id text,
  psn_no text NOT NULL,
  institution_code text NOT NULL,
  fee_time timestamptz NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  list_type text NOT NULL,
  catalog_class text NOT NULL,
  charge_type text NOT NULL,
  quantity numeric(14, 4) NOT NULL,
  price bigint NOT NULL,
  amount bigint NOT NULL,
  rx_no text,
  order_dept text,
  order_doctor text,
  exec_dept text,
  exec_doctor text,
  discharge_med boolean NOT NULL DEFAULT false,
  days integer,
  upload_time timestamptz,
  import_batch bigint
);
CREATE INDEX fee_line_person_time ON fee_line (psn_no, fee_time);
CREATE INDEX fee_line_encounter ON fee_line (mdtrt_id);

CREATE TABLE settlement (
  setl_id text PRIMARY KEY,
  mdtrt_id text NOT NULL,
  psn_no text NOT NULL,
  institution_code text NOT NULL,
  setl_time timestamptz NOT NULL,
  insu_type text NOT NULL,
  med_type text NOT NULL,
  medfee_sumamt bigint NOT NULL,
  fulamt_ownpay_amt bigint NOT NULL,
  overlmt_selfpay bigint NOT NULL,
  preselfpay_amt bigint NOT NULL,
  inscp_scp_amt bigint NOT NULL,
  act_pay_dedc bigint NOT NULL,
  hifp_pay bigint NOT NULL,
  cvlserv_pay bigint NOT NULL,
  hifes_pay bigint NOT NULL,
  hifmi_pay bigint NOT NULL,
  hifob_pay bigint NOT NULL,
  hifdm_pay bigint NOT NULL,
  maf_pay bigint NOT NULL,
  oth_pay bigint NOT NULL,
  fund_pay_sumamt bigint NOT NULL,
  psn_part_amt bigint NOT NULL,
  acct_pay bigint NOT NULL,
  psn_cash_pay bigint NOT NULL,
  hosp_part_amt bigint NOT NULL,
  acct_mulaid_pay bigint NOT NULL,
  refunded boolean NOT NULL DEFAULT false,
  import_batch bigint
);
CREATE INDEX settlement_encounter ON settlement (mdtrt_id);
CREATE INDEX settlement_person_time ON settlement (psn_no, setl_time);
CREATE INDEX settlement_institution_time ON settlement (institution_code, setl_time);

CREATE TABLE settlement_fund_detail (
  setl_id text NOT NULL,
  fund_pay_type text NOT NULL,
  amount bigint NOT NULL,
  inscp_scp_amt bigint,
  proc_info text,
  PRIMARY KEY (setl_id, fund_pay_type)
);

-- Local price caps per item and institution level (no national table exists).
CREATE TABLE price_cap (
  admdvs text NOT NULL,
  code text NOT NULL,
  level smallint NOT NULL,
  cap bigint NOT NULL,
  begin_date date NOT NULL,
  end_date date,
  PRIMARY KEY (admdvs, code, level, begin_date)
);

-- Issues found while ingesting that did not reject the record (e.g. a code unknown to the pack).
CREATE TABLE ingest_flag (
  id bigserial PRIMARY KEY,
  import_batch bigint NOT NULL,
  record_table text NOT NULL,
  record_id text NOT NULL,
  field text NOT NULL,
  value text,
  message text NOT NULL
);
CREATE INDEX ingest_flag_record ON ingest_flag (record_table, record_id);

CREATE TABLE import_batch (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  kind text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status text NOT NULL,
  counts jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- Immutable knowledge-pack versions; content is the gzipped pack JSON.
CREATE TABLE knowledge_pack (
  version text PRIMARY KEY,
  effective_from date NOT NULL,
  built_at timestamptz NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  sources jsonb NOT NULL,
  content bytea NOT NULL
);

-- Audit findings (疑点); the audit issue extends this table.
CREATE TABLE finding (
  id text PRIMARY KEY,
  rule_id text NOT NULL,
  psn_no text,
  mdtrt_id text,
  feedetl_sn text,
  institution_code text,
  severity text NOT NULL,
  amount bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Truth of violations injected into a synthetic region.
CREATE TABLE violation_truth (
  id text PRIMARY KEY,
  type text NOT NULL,
  psn_no text NOT NULL,
  mdtrt_id text NOT NULL,
  feedetl_sn text,
  institution_code text NOT NULL,
  amount bigint NOT NULL,
  note text NOT NULL
);
CREATE INDEX violation_truth_type ON violation_truth (type);

-- Key/value facts about this data directory (demo region parameters, …).
CREATE TABLE meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Append-only log of every state change.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
