-- The owner of a case (issue 13): the principal (`sub`) of the clearance system that lodged the
-- declaration or transit, or registered the guarantee; the declarant or holder TIN is `declarant`.
-- The API decides access on the workflow's own view; the read model keeps the owner so that what is
-- read from here (listings, statistics) can be narrowed to a clearance system's own cases. Rows whose
-- view still holds the whole case (older histories) take it from there; other rows get it at their
-- case's next projection, and a case closed before this migration keeps none (no clearance system's).
ALTER TABLE cases ADD COLUMN IF NOT EXISTS owner text;
UPDATE cases SET owner = view->>'lodgedBy' WHERE owner IS NULL AND view ? 'lodgedBy';
CREATE INDEX IF NOT EXISTS cases_owner_idx ON cases (owner, kind) WHERE owner IS NOT NULL;
