-- SPDX-License-Identifier: Apache-2.0
-- 医保支付资格 (payment qualification of staff): point events given to responsible persons after a
-- decision against their institution, and re-registrations after a termination. Append-only;
-- the status at any date is computed from them.
CREATE TABLE staff_point_event (
  id text COLLATE "C" PRIMARY KEY,
  staff_code text COLLATE "C" NOT NULL,
  decision_date date NOT NULL,
  points smallint NOT NULL CHECK (points BETWEEN 1 AND 12),
  responsibility text NOT NULL CHECK (responsibility IN ('MAIN', 'IMPORTANT', 'GENERAL')),
  trigger text NOT NULL,
  suspension_months smallint CHECK (suspension_months BETWEEN 1 AND 6),
  institution_code text COLLATE "C",
  finding_id text COLLATE "C",
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_point_event_staff ON staff_point_event (staff_code, decision_date);

CREATE TABLE staff_reregistration (
  staff_code text COLLATE "C" NOT NULL,
  date date NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_code, date)
);
