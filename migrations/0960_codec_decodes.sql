-- Every payload the codec server decodes for the Temporal UI (issue 19, point 4): who, which case,
-- how many payloads, when. Kept for the administration's own audit of who read case contents.
CREATE TABLE IF NOT EXISTS codec_decodes (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  principal text NOT NULL,
  role      text NOT NULL,
  case_id   text NOT NULL,
  payloads  integer NOT NULL,
  decoded   boolean NOT NULL         -- false: refused, out of the caller's scope
);
CREATE INDEX IF NOT EXISTS codec_decodes_case_idx ON codec_decodes (case_id, at);
