-- SPDX-License-Identifier: Apache-2.0
-- 双随机、一公开: the result of inspecting each drawn object (书面 or 实地), the rectification it
-- requires and its follow-up, and the publication of results (due within 20 working days).
CREATE TABLE inspection_result (
  draw_id text COLLATE "C" NOT NULL REFERENCES inspection_draw (id),
  institution_code text COLLATE "C" NOT NULL,
  kind text NOT NULL CHECK (kind IN ('WRITTEN', 'ONSITE')),
  inspected_on date NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('NO_ISSUE', 'ISSUES')),
  summary text NOT NULL,
  amount bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
  rectify_by date,
  rectified_on date,
  follow_up text,
  publish_by date NOT NULL,
  published_on date,
  publication_url text,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (draw_id, institution_code)
);
