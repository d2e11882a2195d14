-- The tamper-evident exchange log (issue 15, point 5): every signed message sent to or received from
-- a partner administration, with the signed answer, appended to one hash chain per partner. Each
-- row's hash covers the previous row's hash and the row itself (activities/exchange/log.ts), so a
-- changed, removed or inserted row breaks the chain at that row; `clearway exchange verify` walks it.
CREATE TABLE IF NOT EXISTS exchange_log (
  partner      text NOT NULL,
  seq          bigint NOT NULL,
  direction    text NOT NULL CHECK (direction IN ('sent', 'received')),
  message_id   text NOT NULL,
  type         text NOT NULL,
  message_jws  text NOT NULL,
  answer_jws   text NOT NULL,
  at           timestamptz NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  PRIMARY KEY (partner, seq),
  -- A message appears once per direction in a partner's chain, however often it was delivered.
  UNIQUE (partner, direction, message_id)
);

-- The signed answer given to a signed message: a repeat of the message gets these same bytes back.
ALTER TABLE inbox ADD COLUMN IF NOT EXISTS answer_jws text;
