-- SPDX-License-Identifier: Apache-2.0
-- 事后大数据筛查: the capability register read by the 虚记费用 model; screening runs with their
-- hits (each with its explanation), risk scores of encounters, institutions and doctors, and the
-- companion clusters' graph. A run is written whole in one transaction when it ends; a run that
-- did not end stays RUNNING until the next run marks it FAILED. Money is fen.

-- 1. 服务能力登记: what an institution is equipped and licensed to provide, over a period.
CREATE TABLE institution_capability (
  institution_code text COLLATE "C" NOT NULL,
  capability text COLLATE "C" NOT NULL,
  begin_date date NOT NULL,
  end_date date,
  import_batch bigint,
  PRIMARY KEY (institution_code, capability, begin_date),
  CHECK (end_date IS NULL OR begin_date <= end_date)
);

-- 2. One run of every model over the stored claims.
CREATE TABLE screening_run (
  id text COLLATE "C" PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
  params jsonb NOT NULL,
  period_from date,
  period_to date,
  summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  clue_batch_id text COLLATE "C",
  started_by text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error text
);

-- 3. What a run found. `clue_key` names what a hit is about (pattern and encounter, or pattern,
-- person / institution / doctor and period); a hit whose key already has a clue points at that
-- clue instead of raising another, so that runs over the same claims do not duplicate clues.
CREATE TABLE screening_hit (
  run_id text COLLATE "C" NOT NULL REFERENCES screening_run (id),
  seq integer NOT NULL,
  pattern text NOT NULL,
  subject text NOT NULL CHECK (subject IN ('ENCOUNTER', 'PERSON', 'INSTITUTION', 'DOCTOR')),
  subject_id text COLLATE "C" NOT NULL,
  institution_code text COLLATE "C" NOT NULL,
  psn_no text COLLATE "C",
  mdtrt_id text COLLATE "C",
  amount bigint NOT NULL CHECK (amount >= 0),
  score double precision NOT NULL CHECK (score >= 0 AND score <= 1),
  cluster_id text COLLATE "C",
  explanation jsonb NOT NULL,
  clue_key text COLLATE "C" NOT NULL,
  clue_id text COLLATE "C" REFERENCES clue (id),
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX screening_hit_clue_key ON screening_hit (clue_key) WHERE clue_id IS NOT NULL;
CREATE INDEX screening_hit_pattern ON screening_hit (run_id, pattern, amount DESC);
CREATE INDEX screening_hit_institution ON screening_hit (run_id, institution_code);
CREATE INDEX screening_hit_cluster ON screening_hit (run_id, cluster_id);

-- 4. Risk scores 0–100 with their factors.
CREATE TABLE screening_risk (
  run_id text COLLATE "C" NOT NULL REFERENCES screening_run (id),
  subject text NOT NULL CHECK (subject IN ('ENCOUNTER', 'INSTITUTION', 'DOCTOR')),
  subject_id text COLLATE "C" NOT NULL,
  institution_code text COLLATE "C" NOT NULL,
  score double precision NOT NULL,
  hits integer NOT NULL,
  amount bigint NOT NULL,
  factors jsonb NOT NULL,
  indicators jsonb NOT NULL,
  PRIMARY KEY (run_id, subject, subject_id)
);
CREATE INDEX screening_risk_score ON screening_risk (run_id, subject, score DESC);

-- 5. 结伴就医 clusters: members and co-visit edges, for the graph view.
CREATE TABLE screening_cluster (
  run_id text COLLATE "C" NOT NULL REFERENCES screening_run (id),
  id text COLLATE "C" NOT NULL,
  institution_code text COLLATE "C" NOT NULL,
  persons jsonb NOT NULL,
  edges jsonb NOT NULL,
  PRIMARY KEY (run_id, id)
);
