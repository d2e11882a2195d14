-- Read model of cases, written by activities as idempotent upserts so it can be rebuilt from
-- Temporal history. Temporal holds process state; these tables never decide it.
CREATE TABLE IF NOT EXISTS cases (
  case_id      text PRIMARY KEY,            -- workflow id, e.g. declaration/26KZ...
  kind         text NOT NULL,               -- declaration | transit | guarantee | audit | alert
  business_id  text NOT NULL,               -- MRN, GRN, ...
  state        text NOT NULL,
  channel      text,
  office       text,
  country      char(2),
  declarant    text,
  lrn          text,
  stuck        boolean NOT NULL DEFAULT false,
  stuck_since  timestamptz,
  version      integer NOT NULL,            -- projection sequence: an older write never overwrites a newer one
  view         jsonb NOT NULL,              -- the case view as the workflow query returns it
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_state_idx ON cases (kind, state);
CREATE INDEX IF NOT EXISTS cases_office_idx ON cases (office, stuck);

-- Timeline: append-only, keyed by case and sequence so a replayed activity inserts nothing new.
CREATE TABLE IF NOT EXISTS case_events (
  case_id  text NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE,
  seq      integer NOT NULL,
  at       timestamptz NOT NULL,
  type     text NOT NULL,
  state    text,
  actor    text NOT NULL,
  reason   text,
  data     jsonb,
  PRIMARY KEY (case_id, seq)
);

-- Exchange outbox (webhooks to clearance systems, messages to partner administrations). The
-- message id is the idempotency key: a retried activity cannot enqueue twice.
CREATE TABLE IF NOT EXISTS outbox (
  message_id    text PRIMARY KEY,
  case_id       text NOT NULL,
  destination   text NOT NULL,
  type          text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  next_attempt  timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz,
  last_error    text
);
CREATE INDEX IF NOT EXISTS outbox_pending_idx ON outbox (next_attempt) WHERE delivered_at IS NULL;
