-- Outbox delivery for every destination kind (issue 15, point 4). A delivery claims a message with a
-- lease (owner and expiry) in a statement of its own and records the outcome in another, so no
-- transaction stays open across the network call; a worker that dies mid-attempt leaves a lease that
-- runs out and the message is claimed again. A message given up (max attempts, or a refusal the
-- receiver will repeat) is dead-lettered with its reason until an operator retries it.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS lease_owner text;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS lease_until timestamptz;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS dead_at timestamptz;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS dead_reason text;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS retried_by text;
CREATE INDEX IF NOT EXISTS outbox_dead_idx ON outbox (dead_at) WHERE dead_at IS NOT NULL;

-- Webhooks of parties other than clearance systems: a holder (`holder:<TIN>`) or declarant
-- (`declarant:<id>`) named by an outbox destination, registered by an administrator of the country
-- that holds the party's cases. Same delivery as a clearance system's subscription (HMAC, SSRF guard).
CREATE TABLE IF NOT EXISTS party_webhooks (
  destination  text PRIMARY KEY,
  country      char(2) NOT NULL,
  url          text NOT NULL,
  secret       text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Webhook messages the earlier loop parked after its last attempt become dead letters, so an operator
-- can see and retry them. Refused audit requests stay parked: the audit dispatch owns those.
UPDATE outbox SET dead_at = now(), dead_reason = coalesce(last_error, 'given up before dead letters existed')
 WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt = 'infinity'
   AND type <> 'post-entry-audit-requested';
