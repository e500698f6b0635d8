-- SPDX-License-Identifier: Apache-2.0
-- 随机抽查回访: insured persons drawn from a period's settlements (seed, algorithm and weights
-- recorded so that the draw can be redone), what the records say about each drawn settlement,
-- and what the person answered on the phone. An answer that contradicts the records is a
-- mismatch and becomes a clue (migration 0015, source CALLBACK).

-- 1. One draw: the call list's plan.
CREATE TABLE callback_draw (
  id text COLLATE "C" PRIMARY KEY,
  seed bigint NOT NULL CHECK (seed >= 0),
  algorithm text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  weights jsonb NOT NULL,
  tolerance jsonb NOT NULL,
  strata jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_from <= period_to)
);

-- 2. One person to call: the drawn settlement and what the records say about it (institution,
--    dates, days, the largest items with their amounts, what the fund and the person paid).
CREATE TABLE callback_item (
  draw_id text COLLATE "C" NOT NULL REFERENCES callback_draw (id),
  seq integer NOT NULL CHECK (seq >= 1),
  setl_id text COLLATE "C" NOT NULL,
  psn_no text COLLATE "C" NOT NULL,
  institution_code text COLLATE "C" NOT NULL,
  institution_type text NOT NULL,
  weight double precision NOT NULL,
  records jsonb NOT NULL,
  PRIMARY KEY (draw_id, seq),
  UNIQUE (draw_id, setl_id),
  UNIQUE (draw_id, psn_no)
);
CREATE INDEX callback_item_settlement ON callback_item (setl_id);

-- 3. The answer to one call. Unreached calls keep no facts; a mismatch keeps its reasons and
--    the clue made of it.
CREATE TABLE callback_answer (
  draw_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL,
  reached boolean NOT NULL,
  received boolean,
  days integer CHECK (days >= 0),
  own_pay bigint CHECK (own_pay >= 0),
  note text,
  answered_by text,
  answered_at timestamptz NOT NULL,
  mismatch boolean NOT NULL DEFAULT false,
  reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
  clue_id text COLLATE "C" REFERENCES clue (id),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (draw_id, seq),
  FOREIGN KEY (draw_id, seq) REFERENCES callback_item (draw_id, seq),
  CHECK (reached OR (received IS NULL AND NOT mismatch)),
  CHECK (NOT reached OR received IS NOT NULL),
  CHECK (mismatch = (clue_id IS NOT NULL))
);
