-- Post-entry audit (issue 14): what a closed audit leaves behind for risk management and statistics,
-- and the random sample's draws (docs/audit-api.md).

-- The trader's compliance record from audits: one row per closed audit, written once by the activity
-- the audit workflow calls when it closes (activities/compliance/). `adverse`: the final assessment
-- found something (additional duty, a penalty or a finding other than "no change").
CREATE TABLE IF NOT EXISTS audit_outcomes (
  audit_id             text PRIMARY KEY,             -- workflow id, audit/<id>
  country              char(2) NOT NULL,
  trader_tin           text NOT NULL,
  source               text NOT NULL,                -- what selected the audit: BLUE, HIT, RANDOM, MANUAL
  declarations         text[] NOT NULL,              -- the MRNs audited
  findings             integer NOT NULL,
  adverse              boolean NOT NULL,
  currency             char(3) NOT NULL,
  additional_duty      numeric(20, 2) NOT NULL,      -- decimal, never float (domain/money.ts)
  refund               numeric(20, 2) NOT NULL,
  interest             numeric(20, 2) NOT NULL,
  penalty              numeric(20, 2) NOT NULL,
  documents_late       integer NOT NULL,             -- document requests answered after their deadline or never
  released_at          timestamptz,                  -- earliest release of the audited declarations
  opened_at            timestamptz NOT NULL,
  final_assessed_at    timestamptz,
  closed_at            timestamptz NOT NULL,
  recorded_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_outcomes_trader_idx ON audit_outcomes (trader_tin, closed_at DESC);
CREATE INDEX IF NOT EXISTS audit_outcomes_country_idx ON audit_outcomes (country, closed_at);

-- Each risk rule's record from closed audits: of the audited declarations the rule hit, how many the
-- audit confirmed (adverse findings). Beside the control figures of 0300, not mixed into them.
ALTER TABLE risk_rule_stats ADD COLUMN IF NOT EXISTS audits integer NOT NULL DEFAULT 0;
ALTER TABLE risk_rule_stats ADD COLUMN IF NOT EXISTS audit_confirmed integer NOT NULL DEFAULT 0;
ALTER TABLE risk_rule_stats ADD COLUMN IF NOT EXISTS audit_hit_rate double precision NOT NULL DEFAULT 0;

-- The random sample of released declarations: each released declaration is drawn once (keyed draw,
-- activities/selection/sample.ts); the row is the claim, so two worker processes never draw twice.
CREATE TABLE IF NOT EXISTS audit_sample_draws (
  case_id    text PRIMARY KEY,
  country    char(2) NOT NULL,
  rate       double precision NOT NULL,
  selected   boolean NOT NULL,
  drawn_at   timestamptz NOT NULL DEFAULT now()
);
