-- Local activities run again when the workflow task that ran them is lost (worker killed before the
-- task completed): their results were never recorded in history, their writes were. Two tables let
-- a run that repeats such a step agree with what the lost attempt already made visible
-- (docs/decisions.md, "A lost workflow task").

-- The risk decision of a case's risk round, made once: a repeated assessment returns the first one
-- (profiles, statistics and compliance records move on between attempts; the decision must not).
CREATE TABLE IF NOT EXISTS risk_decisions (
  event_key  text PRIMARY KEY,
  decision   jsonb NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);

-- The read model's writes are ordered by (epoch, version): the epoch is the history length of the
-- workflow task that wrote them, so a task that replaced a lost one overrules the lost one's writes,
-- including timeline events at the same sequence numbers. Writes of regular activities carry 0.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE case_events ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0;
