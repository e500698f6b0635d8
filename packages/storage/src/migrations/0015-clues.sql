-- SPDX-License-Identifier: Apache-2.0
-- 线索核查: batches of clues handed down by the national, provincial and city bureaus (or found by
-- the bureau's own screening and call-backs), each clue assigned, investigated and closed as
-- confirmed (with the amount recovered) or unfounded; links to findings, reports and inspection
-- draws; an append-only event log of every change. Money is fen; identifiers compare byte-wise.

-- 1. One imported file. The same content again is not imported twice.
CREATE TABLE clue_batch (
  id text COLLATE "C" PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('NATIONAL', 'PROVINCIAL', 'CITY', 'SCREENING', 'CALLBACK', 'REPORT', 'OTHER')),
  name text NOT NULL,
  received_date date NOT NULL,
  file_name text NOT NULL,
  content_hash text NOT NULL UNIQUE,
  clue_count integer NOT NULL CHECK (clue_count >= 0),
  suspected_amount bigint NOT NULL CHECK (suspected_amount >= 0),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- 2. Clues: a line of a batch, or one registered by hand (no batch, no line).
CREATE TABLE clue (
  id text COLLATE "C" PRIMARY KEY,
  batch_id text COLLATE "C" REFERENCES clue_batch (id),
  line integer,
  source text NOT NULL CHECK (source IN ('NATIONAL', 'PROVINCIAL', 'CITY', 'SCREENING', 'CALLBACK', 'REPORT', 'OTHER')),
  institution_code text COLLATE "C" NOT NULL,
  psn_no text COLLATE "C",
  period text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  description text NOT NULL,
  suspected_amount bigint NOT NULL CHECK (suspected_amount >= 0),
  state text NOT NULL CHECK (state IN ('NEW', 'ASSIGNED', 'INVESTIGATING', 'CLOSED')),
  outcome text CHECK (outcome IN ('CONFIRMED', 'UNFOUNDED')),
  assignee_id text COLLATE "C" REFERENCES app_user (id),
  recovered_amount bigint CHECK (recovered_amount >= 0),
  closing_note text,
  closed_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (batch_id, line),
  CHECK ((batch_id IS NULL) = (line IS NULL)),
  CHECK (period_from <= period_to),
  CHECK ((state = 'CLOSED') = (outcome IS NOT NULL)),
  CHECK (state = 'NEW' OR assignee_id IS NOT NULL),
  CHECK (recovered_amount IS NULL OR outcome = 'CONFIRMED')
);
CREATE INDEX clue_state ON clue (state);
CREATE INDEX clue_institution ON clue (institution_code);
CREATE INDEX clue_assignee ON clue (assignee_id);

-- 3. What a clue is linked to: findings, reports, inspection draws, settlements.
CREATE TABLE clue_link (
  clue_id text COLLATE "C" NOT NULL REFERENCES clue (id),
  kind text NOT NULL CHECK (kind IN ('FINDING', 'REPORT', 'DRAW', 'SETTLEMENT')),
  target_id text COLLATE "C" NOT NULL,
  linked_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clue_id, kind, target_id)
);
CREATE INDEX clue_link_target ON clue_link (kind, target_id);

-- 4. Every change of a clue. Append-only.
CREATE TABLE clue_event (
  id bigserial PRIMARY KEY,
  clue_id text COLLATE "C" NOT NULL REFERENCES clue (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  from_state text,
  to_state text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX clue_event_clue ON clue_event (clue_id, id);

-- The same guard as the audit log's (migration 0002).
CREATE TRIGGER clue_event_no_update_delete
  BEFORE UPDATE OR DELETE ON clue_event
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER clue_event_no_truncate
  BEFORE TRUNCATE ON clue_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
