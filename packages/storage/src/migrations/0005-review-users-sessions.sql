-- SPDX-License-Identifier: Apache-2.0
-- The review chain (初审 → 下发 → 申诉 → 复审 → 扣款), random re-review samples, deductions,
-- people who sign in (users, sessions) and background jobs.
-- Identifier columns compare byte-wise (COLLATE "C"), as in migration 0002.

-- 1. People who sign in to the console. Only argon2id hashes of passwords are stored; an
--    institution user belongs to exactly one institution. Demo accounts are refused in production.
CREATE TABLE app_user (
  id text COLLATE "C" PRIMARY KEY,
  username text COLLATE "C" NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'auditor', 'reviewer', 'inspector', 'report_handler', 'fund_manager', 'institution')),
  institution_code text COLLATE "C",
  password_hash text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  CHECK ((role = 'institution') = (institution_code IS NOT NULL))
);

-- 2. Sessions: the sha256 of the cookie's token, and the CSRF token the console sends back.
CREATE TABLE user_session (
  token_hash text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL REFERENCES app_user (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);

-- 3. The review policy of a region ('*' = the default of every region): days, silence, four-eyes.
CREATE TABLE review_policy (
  admdvs text COLLATE "C" PRIMARY KEY,
  policy jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- 4. Dispatch batches (下发批次): findings sent to one institution together, with deadlines.
CREATE TABLE dispatch_batch (
  id text COLLATE "C" PRIMARY KEY,
  institution_code text COLLATE "C" NOT NULL,
  dispatch_date date NOT NULL,
  appeal_deadline date NOT NULL,
  review_deadline date NOT NULL,
  findings integer NOT NULL,
  amount bigint NOT NULL,
  filter jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispatch_batch_institution ON dispatch_batch (institution_code);

-- 5. Where each finding stands in the review chain; no row = GENERATED. Kept apart from
--    `finding`, which a re-run of the audit rewrites.
CREATE TABLE finding_review (
  finding_id text COLLATE "C" PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('GENERATED', 'DISPATCHED', 'APPEALED', 'REVIEWING', 'PENDING_APPROVAL', 'UPHELD', 'DISMISSED', 'DEDUCTED')),
  institution_code text COLLATE "C" NOT NULL,
  dispatch_id text COLLATE "C" REFERENCES dispatch_batch (id),
  appeal_deadline date,
  review_deadline date,
  appeal_action text CHECK (appeal_action IN ('appeal', 'accept')),
  appeal_reason text,
  appealed_by text,
  appealed_at timestamptz,
  decision text,
  decided_amount bigint,
  basis text,
  decided_by text,
  decided_at timestamptz,
  approved_by text,
  approved_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX finding_review_state ON finding_review (state);
CREATE INDEX finding_review_institution ON finding_review (institution_code);
CREATE INDEX finding_review_dispatch ON finding_review (dispatch_id);

-- 6. Files an institution attaches to an appeal, stored in the database with their sha256.
CREATE TABLE appeal_attachment (
  id text COLLATE "C" PRIMARY KEY,
  finding_id text COLLATE "C" NOT NULL,
  institution_code text COLLATE "C" NOT NULL,
  name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeal_attachment_finding ON appeal_attachment (finding_id);

-- 7. Random re-review samples (抽查复审) of machine-passed claims, with the seed that redraws them.
CREATE TABLE review_sample (
  id text COLLATE "C" PRIMARY KEY,
  seed text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  rate numeric(6, 5) NOT NULL,
  population integer NOT NULL,
  sampled integer NOT NULL,
  strata jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_by text,
  applied_at timestamptz
);
CREATE TABLE review_sample_item (
  sample_id text COLLATE "C" NOT NULL REFERENCES review_sample (id),
  mdtrt_id text COLLATE "C" NOT NULL,
  psn_no text COLLATE "C" NOT NULL,
  institution_code text COLLATE "C" NOT NULL,
  amount bigint NOT NULL,
  result text CHECK (result IN ('PASS', 'ERROR')),
  error_amount bigint NOT NULL DEFAULT 0 CHECK (error_amount >= 0 AND error_amount <= amount),
  note text,
  checked_by text,
  checked_at timestamptz,
  PRIMARY KEY (sample_id, mdtrt_id)
);

-- 8. Deductions (扣款) per institution and month: from an upheld finding or an applied sample
--    extrapolation. Never edited: a reversal is a new row with the opposite amount.
CREATE TABLE deduction (
  id text COLLATE "C" PRIMARY KEY,
  institution_code text COLLATE "C" NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  finding_id text COLLATE "C",
  sample_id text COLLATE "C",
  amount bigint NOT NULL,
  reversal_of text COLLATE "C" REFERENCES deduction (id),
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((finding_id IS NULL) <> (sample_id IS NULL))
);
CREATE INDEX deduction_institution_month ON deduction (institution_code, month);
CREATE UNIQUE INDEX deduction_finding_once ON deduction (finding_id) WHERE finding_id IS NOT NULL AND reversal_of IS NULL;
CREATE UNIQUE INDEX deduction_reversed_once ON deduction (reversal_of) WHERE reversal_of IS NOT NULL;

-- 9. Background jobs (batch audit…) with their progress.
CREATE TABLE job (
  id text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
  progress real NOT NULL DEFAULT 0,
  message text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- 10. A finding's history is read from the audit log by target.
CREATE INDEX audit_log_target ON audit_log (target);
