-- SPDX-License-Identifier: Apache-2.0
-- The audit engine: findings in full, audit runs, per-region rule overrides, API keys of the
-- real-time interface, and the 3101/3102 results with their 3103 feedback.
-- Identifier columns compare byte-wise (COLLATE "C"), as in migration 0002.

-- 1. Findings (疑点) as the engine computes them. feedetl_sn keeps the first violating line (or
--    null); lines holds every violating and related line as JSON.
ALTER TABLE finding
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN rule_id TYPE text COLLATE "C",
  ALTER COLUMN psn_no TYPE text COLLATE "C",
  ALTER COLUMN mdtrt_id TYPE text COLLATE "C",
  ALTER COLUMN feedetl_sn TYPE text COLLATE "C",
  ALTER COLUMN institution_code TYPE text COLLATE "C",
  ADD COLUMN rule_name text,
  ADD COLUMN violation text COLLATE "C",
  ADD COLUMN finding_date date,
  ADD COLUMN lines jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN related_encounters text[] COLLATE "C" NOT NULL DEFAULT '{}',
  ADD COLUMN message text,
  ADD COLUMN evidence text,
  ADD COLUMN knowledge_point_id text,
  ADD COLUMN pack_version text,
  ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN run_id text COLLATE "C";
CREATE INDEX finding_encounter ON finding (mdtrt_id);
CREATE INDEX finding_rule ON finding (rule_id);
CREATE INDEX finding_day ON finding (finding_date);
CREATE INDEX finding_institution ON finding (institution_code);

-- 2. One batch audit (事后初审) over a period: what it ran with, how it went, what it found.
CREATE TABLE audit_run (
  id text COLLATE "C" PRIMARY KEY,
  ruleset_version text NOT NULL,
  pack_version text NOT NULL,
  period_from date,
  period_to date,
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  persons integer NOT NULL DEFAULT 0,
  encounters integer NOT NULL DEFAULT 0,
  lines bigint NOT NULL DEFAULT 0,
  findings integer NOT NULL DEFAULT 0,
  new_findings integer NOT NULL DEFAULT 0,
  amount bigint NOT NULL DEFAULT 0,
  actor text NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- 3. A rule changed for one region ('*' = every region) from valid_from to valid_to (inclusive):
--    parameters, severity, or switched off. Null severity / enabled: unchanged.
CREATE TABLE rule_override (
  rule_id text COLLATE "C" NOT NULL,
  admdvs text COLLATE "C" NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  severity text,
  enabled boolean,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, admdvs, valid_from)
);

-- 4. Keys of the real-time interface. Only the sha256 (hex) of a key is stored; institution_code
--    null = a bureau-wide key.
CREATE TABLE api_key (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  institution_code text COLLATE "C",
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- 5. One row per violation returned by a 3101 (事前) / 3102 (事中) call, so that 3103 feedback
--    can refer to it by jr_id.
CREATE TABLE hsa_result (
  jr_id text COLLATE "C" PRIMARY KEY,
  infno text NOT NULL CHECK (infno IN ('3101', '3102')),
  msgid text,
  task_id text,
  institution_code text COLLATE "C",
  psn_no text COLLATE "C",
  mdtrt_id text COLLATE "C",
  rule_id text COLLATE "C" NOT NULL,
  severity text,
  amount bigint NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- 6. 3103 feedback: how the institution dealt with a returned violation.
CREATE TABLE hsa_feedback (
  id bigserial PRIMARY KEY,
  warn_rslt_id text COLLATE "C" NOT NULL,
  warn_type text NOT NULL CHECK (warn_type IN ('1', '2')),
  dspo_way text NOT NULL CHECK (dspo_way IN ('1', '2')),
  dspo_way_rea text,
  institution_code text COLLATE "C",
  msgid text,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hsa_feedback_result ON hsa_feedback (warn_rslt_id);
