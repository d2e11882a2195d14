-- Archives that outlive Temporal's retention (issue 19, point 5). Every closed case's full history
-- (all its runs, across continue-as-new), its domain timeline and a SHA-256 over both, written by the
-- archiver beside the worker (apps/shared/archive) soon after the case closes. `document` is the exact
-- canonical JSON the hash was taken over, so verifying is hashing it again.
CREATE TABLE IF NOT EXISTS case_archive (
  case_id      text PRIMARY KEY,
  kind         text NOT NULL,
  country      char(2),
  office       text,
  status       text NOT NULL,             -- how the last run ended: COMPLETED, FAILED, TERMINATED, ...
  closed_at    timestamptz NOT NULL,
  archived_at  timestamptz NOT NULL DEFAULT now(),
  runs         integer NOT NULL,
  events       integer NOT NULL,
  document     text NOT NULL,
  sha256       char(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS case_archive_closed_idx ON case_archive (closed_at);

-- A legal hold keeps a case's archive past the archive's own retention; it may be placed before the
-- case is archived, or even closed.
CREATE TABLE IF NOT EXISTS legal_holds (
  case_id    text PRIMARY KEY,
  reason     text NOT NULL,
  placed_by  text NOT NULL,
  placed_at  timestamptz NOT NULL DEFAULT now()
);

-- How far the archiver has come: every case closed before this time is archived (or retried).
CREATE TABLE IF NOT EXISTS archive_progress (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  watermark  timestamptz NOT NULL
);
