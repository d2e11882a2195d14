-- Exchange inbox (issue 5): every message received from the other side of a movement, once. The
-- message id is the key: a message delivered twice is stored once and applied once; the outcome is
-- kept so the sender of a repeat gets the first answer. `status`: RECEIVED (being applied, or the
-- apply was interrupted and will be retried), APPLIED, REFUSED (out of sequence; the reason is kept).
CREATE TABLE IF NOT EXISTS inbox (
  message_id    text PRIMARY KEY,
  -- `office:<code>` for a message from our own departure side, `partner:<subject>` for a partner system.
  source        text NOT NULL,
  -- The case the message is for (`arrival/<MRN>`, `transit/<MRN>`).
  case_id       text NOT NULL,
  type          text NOT NULL,
  payload       jsonb NOT NULL,
  payload_hash  text NOT NULL,
  status        text NOT NULL DEFAULT 'RECEIVED' CHECK (status IN ('RECEIVED', 'APPLIED', 'REFUSED')),
  outcome       jsonb,
  received_at   timestamptz NOT NULL DEFAULT now(),
  applied_at    timestamptz
);
CREATE INDEX IF NOT EXISTS inbox_case_idx ON inbox (case_id, received_at);
