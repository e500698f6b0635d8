-- SPDX-License-Identifier: Apache-2.0
-- 双随机、一公开: the register of inspectors (执法检查人员名录库) with their declared conflicts, and
-- every draw with its plan, seed and algorithm version so that it can be reproduced and published.
CREATE TABLE inspector (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  certificate text,
  specialty text NOT NULL,
  unit text NOT NULL,
  conflicts jsonb NOT NULL DEFAULT '[]'::jsonb,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inspection_draw (
  id text COLLATE "C" PRIMARY KEY,
  plan_id text NOT NULL,
  seed bigint NOT NULL,
  algorithm text NOT NULL,
  plan jsonb NOT NULL,
  body jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
