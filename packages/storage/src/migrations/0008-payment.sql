-- SPDX-License-Identifier: Apache-2.0
-- Paying institutions: payment plans (付费方案) in versions per 统筹区 and year, monthly statements
-- (月度拨付单) in versions with the cases and points behind them, the deposit ledger and the
-- annual clearings. Identifier columns compare byte-wise (COLLATE "C"), as in migration 0002.

-- 1. Plans, kept like benefit policies: a draft is edited, then activated.
CREATE TABLE payment_plan (
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
CREATE UNIQUE INDEX payment_plan_one_active ON payment_plan (admdvs, year) WHERE status = 'ACTIVE';

-- 2. Monthly statements. A re-run that changes a statement adds a version and supersedes the
--    previous one, which is kept; the body is the whole statement (amounts in fen).
CREATE TABLE payment_statement (
  id text COLLATE "C" PRIMARY KEY,
  institution_code text COLLATE "C" NOT NULL,
  admdvs text COLLATE "C" NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  version integer NOT NULL CHECK (version >= 1),
  current boolean NOT NULL,
  plan_id text COLLATE "C" NOT NULL,
  method text NOT NULL CHECK (method IN ('DIP', 'DRG', 'FFS', 'GLOBAL')),
  points double precision NOT NULL,
  payable bigint NOT NULL,
  deductions bigint NOT NULL,
  deposit bigint NOT NULL,
  net bigint NOT NULL CHECK (net = payable - deductions - deposit),
  due_date date NOT NULL,
  content_hash text NOT NULL,
  body jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (institution_code, month, version)
);
CREATE UNIQUE INDEX payment_statement_current ON payment_statement (institution_code, month) WHERE current;
CREATE INDEX payment_statement_month ON payment_statement (month, current);

-- 3. The point-method cases of each statement version: group, cost type and points.
CREATE TABLE payment_case (
  statement_id text COLLATE "C" NOT NULL REFERENCES payment_statement (id),
  mdtrt_id text COLLATE "C" NOT NULL,
  psn_no text COLLATE "C" NOT NULL,
  discharge_date date NOT NULL,
  group_code text,
  group_name text,
  group_kind text NOT NULL CHECK (group_kind IN ('CORE', 'COMPREHENSIVE', 'NONE')),
  cost_type text NOT NULL,
  base_score double precision NOT NULL,
  coefficient double precision NOT NULL,
  ratio double precision NOT NULL,
  points double precision NOT NULL,
  special_candidate boolean NOT NULL,
  total_cost bigint NOT NULL,
  own_pay bigint NOT NULL,
  other_funds bigint NOT NULL,
  note text,
  PRIMARY KEY (statement_id, mdtrt_id)
);

-- 4. The deposit ledger (预留保证金), append-only: withheld by a statement, reversed when that
--    statement is superseded, returned by a clearing (and reversed when the clearing is redone).
CREATE TABLE deposit_ledger (
  id bigserial PRIMARY KEY,
  institution_code text COLLATE "C" NOT NULL,
  month text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('WITHHELD', 'RETURNED')),
  amount bigint NOT NULL,
  statement_id text COLLATE "C" REFERENCES payment_statement (id),
  clearing_id text COLLATE "C",
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deposit_ledger_institution ON deposit_ledger (institution_code, month);

-- 5. Annual clearings (年度清算) in versions, the last one current.
CREATE TABLE payment_clearing (
  id text COLLATE "C" PRIMARY KEY,
  admdvs text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  version integer NOT NULL,
  current boolean NOT NULL,
  plan_id text COLLATE "C" NOT NULL,
  content_hash text NOT NULL,
  body jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (admdvs, year, version)
);
CREATE UNIQUE INDEX payment_clearing_current ON payment_clearing (admdvs, year) WHERE current;
