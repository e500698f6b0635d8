-- SPDX-License-Identifier: Apache-2.0
-- Benefit policies (待遇政策) as versioned documents per 统筹区 and year, and what the settlement
-- engine found when it recomputed the stored settlements.

-- 1. Policy versions: a draft is edited, then activated; activating retires the active version
--    of the same region and year. The body is the engine's policy (fen, basis points).
CREATE TABLE benefit_policy (
  id text COLLATE "C" PRIMARY KEY,
  admdvs text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'RETIRED')),
  effective_from date NOT NULL,
  effective_to date,
  body jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  activated_by text,
  activated_at timestamptz
);
CREATE UNIQUE INDEX benefit_policy_one_active ON benefit_policy (admdvs, year) WHERE status = 'ACTIVE';

-- 2. The engine's recomputation of each stored settlement under the policy in force: the same,
--    a tilt left out, restricted lines paid by the fund, or another difference (with the fields).
CREATE TABLE settlement_check (
  setl_id text COLLATE "C" PRIMARY KEY,
  mdtrt_id text COLLATE "C" NOT NULL,
  psn_no text COLLATE "C" NOT NULL,
  institution_code text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  policy_id text COLLATE "C" NOT NULL,
  status text NOT NULL CHECK (status IN ('SAME', 'MISSED_TILT', 'RESTRICTED_PAID', 'DIFFERS')),
  recorded_fund bigint NOT NULL,
  engine_fund bigint NOT NULL,
  reason text,
  differences jsonb NOT NULL DEFAULT '[]'::jsonb,
  checked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settlement_check_year_status ON settlement_check (year, status);
