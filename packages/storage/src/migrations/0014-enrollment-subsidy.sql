-- SPDX-License-Identifier: Apache-2.0
-- 资助参保 / 免申即享: rosters delivered by 民政, 残联 and 乡村振兴, each row with its match to an
-- insured person, and the year's subsidy per person (one, at the highest rate). Matched rows tag
-- the person's identity (person_identity, source `<department>:<batch>`).
CREATE TABLE subsidy_batch (
  id text COLLATE "C" PRIMARY KEY,
  source text NOT NULL,
  year integer NOT NULL,
  file_name text NOT NULL,
  content_hash text NOT NULL,
  counts jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, year, content_hash)
);

CREATE TABLE subsidy_roster_row (
  batch_id text COLLATE "C" NOT NULL REFERENCES subsidy_batch (id),
  line integer NOT NULL,
  id_number text NOT NULL,
  name text NOT NULL,
  identity text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  status text NOT NULL CHECK (status IN ('MATCHED', 'REVIEW', 'UNMATCHED', 'INVALID', 'REJECTED')),
  psn_no text COLLATE "C",
  reason text,
  resolved_by text,
  PRIMARY KEY (batch_id, line)
);
CREATE INDEX subsidy_roster_row_status ON subsidy_roster_row (status);

CREATE TABLE subsidy (
  psn_no text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  identity text NOT NULL,
  rate_bp integer NOT NULL,
  amount bigint NOT NULL,
  also_eligible jsonb NOT NULL,
  PRIMARY KEY (psn_no, year)
);
