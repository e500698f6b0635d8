-- SPDX-License-Identifier: Apache-2.0
-- 举报受理与举报奖励 (domain.md §3): reports with their deadlines and state, the reporters'
-- identities apart and encrypted at rest (AES-256-GCM; the key is YIBAO_REPORT_KEY, or outside
-- production one kept in `meta`), the findings a report led to, rewards, and an append-only
-- event log of every change. Identifier columns compare byte-wise (COLLATE "C"), as in 0002.

-- 1. Reports. An anonymous reporter claims with a code of which only the sha256 is kept.
CREATE TABLE report (
  id text COLLATE "C" PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('12345', 'WECHAT', 'WEB', 'LETTER', 'VISIT', 'PHONE')),
  kind text NOT NULL CHECK (kind IN ('REAL_NAME', 'ANONYMOUS', 'JOINT')),
  claim_code_hash text COLLATE "C" UNIQUE,
  subject_type text NOT NULL CHECK (subject_type IN ('INSTITUTION', 'PHARMACY', 'AGENCY', 'EMPLOYER', 'INDIVIDUAL')),
  subject_id text COLLATE "C" NOT NULL,
  subject_name text,
  matter text,
  clues text NOT NULL,
  insider boolean NOT NULL DEFAULT false,
  state text NOT NULL CHECK (state IN ('RECEIVED', 'ACCEPTED', 'REJECTED', 'FORWARDED', 'VERIFIED', 'UNFOUNDED', 'CLOSED')),
  handler_id text COLLATE "C" REFERENCES app_user (id),
  received_date date NOT NULL,
  accept_deadline date NOT NULL,
  decision_date date,
  decision_reason text,
  forwarded_to text,
  notify_deadline date,
  notified_date date,
  close_deadline date,
  verified_date date,
  case_value bigint CHECK (case_value >= 0),
  handling_decision text CHECK (handling_decision IN ('PENALTY', 'AGREEMENT', 'NONE')),
  closed_date date,
  disclose boolean NOT NULL DEFAULT false,
  disclosure_text text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'ANONYMOUS') = (claim_code_hash IS NOT NULL)),
  CHECK (NOT disclose OR disclosure_text IS NOT NULL)
);
CREATE INDEX report_state ON report (state);
CREATE INDEX report_subject ON report (subject_type, subject_id);
CREATE INDEX report_received ON report (received_date);

-- 2. Who reported: each field is iv (12 bytes) ‖ tag (16) ‖ ciphertext, bound to its report,
--    reporter and field; `key_id` names the key (first bytes of its sha256).
CREATE TABLE report_reporter (
  report_id text COLLATE "C" NOT NULL REFERENCES report (id),
  seq smallint NOT NULL CHECK (seq >= 1),
  key_id text NOT NULL,
  name_enc bytea NOT NULL,
  phone_enc bytea,
  id_number_enc bytea,
  PRIMARY KEY (report_id, seq)
);

-- 3. Findings a report led to or was matched with.
CREATE TABLE report_finding (
  report_id text COLLATE "C" NOT NULL REFERENCES report (id),
  finding_id text COLLATE "C" NOT NULL,
  linked_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, finding_id)
);
CREATE INDEX report_finding_finding ON report_finding (finding_id);

-- 4. The one reward of a report (joint reporters share it), with how it was computed.
CREATE TABLE report_reward (
  report_id text COLLATE "C" PRIMARY KEY REFERENCES report (id),
  state text NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED', 'PAID', 'WAIVED')),
  grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 3),
  amount bigint NOT NULL CHECK (amount >= 0),
  computation jsonb NOT NULL,
  shares jsonb NOT NULL,
  note text,
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  approved_by text,
  approved_at timestamptz,
  paid_date date,
  payment_ref text,
  paid_by text,
  waived_by text,
  waived_at timestamptz,
  waive_reason text
);

-- 5. Every change of a report, never with the reporter's identity. Append-only.
CREATE TABLE report_event (
  id bigserial PRIMARY KEY,
  report_id text COLLATE "C" NOT NULL REFERENCES report (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  from_state text,
  to_state text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX report_event_report ON report_event (report_id, id);

-- The same guard as the audit log's (migration 0002).
CREATE TRIGGER report_event_no_update_delete
  BEFORE UPDATE OR DELETE ON report_event
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER report_event_no_truncate
  BEFORE TRUNCATE ON report_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
