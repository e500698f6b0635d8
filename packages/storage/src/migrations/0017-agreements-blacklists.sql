-- SPDX-License-Identifier: Apache-2.0
-- 定点协议 and 黑名单: each institution's service agreements with their status, the reason and
-- the date from which a new one may be applied for after a termination; blacklist entries of
-- institutions, staff and insured persons with their period.
CREATE TABLE agreement (
  id text COLLATE "C" PRIMARY KEY,
  institution_code text COLLATE "C" NOT NULL,
  signed_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')),
  status_since date NOT NULL,
  reason text,
  reapply_not_before date,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agreement_institution ON agreement (institution_code);

CREATE TABLE blacklist_entry (
  id text COLLATE "C" PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('INSTITUTION', 'STAFF', 'INSURED')),
  subject_id text COLLATE "C" NOT NULL,
  from_date date NOT NULL,
  to_date date,
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX blacklist_entry_subject ON blacklist_entry (subject_type, subject_id);
