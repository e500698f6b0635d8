-- SPDX-License-Identifier: Apache-2.0
-- 千分制考核 and credit levels: assessors' manual deductions and vetoes per institution and
-- period, and the scored assessments in versions (the last one current), with any credit level
-- changed after an objection (异议) or repair (信用修复) and its reason.
CREATE TABLE assessment_entry (
  id bigserial PRIMARY KEY,
  institution_code text COLLATE "C" NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'),
  item text NOT NULL,
  points double precision NOT NULL CHECK (points >= 0),
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_entry_institution ON assessment_entry (institution_code, period);

CREATE TABLE assessment (
  id text COLLATE "C" PRIMARY KEY,
  institution_code text COLLATE "C" NOT NULL,
  period text NOT NULL,
  version integer NOT NULL,
  current boolean NOT NULL,
  template_id text NOT NULL,
  score double precision NOT NULL,
  band text NOT NULL,
  credit text NOT NULL CHECK (credit IN ('A', 'B', 'C', 'D')),
  credit_adjusted text CHECK (credit_adjusted IN ('A', 'B', 'C', 'D')),
  adjust_reason text,
  content_hash text NOT NULL,
  result jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (institution_code, period, version)
);
CREATE UNIQUE INDEX assessment_current ON assessment (institution_code, period) WHERE current;
