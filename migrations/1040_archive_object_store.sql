-- Archives in an S3-compatible bucket (issue 19, point 5; docs/operations.md, "Archives"). The row in
-- case_archive stays the index every reader, scope check and purge goes by; its document is either the
-- row's `document` (the PostgreSQL store) or the bucket's object `object_key`, never both.
ALTER TABLE case_archive ALTER COLUMN document DROP NOT NULL;
ALTER TABLE case_archive ADD COLUMN IF NOT EXISTS object_key text;
ALTER TABLE case_archive DROP CONSTRAINT IF EXISTS case_archive_one_store;
ALTER TABLE case_archive ADD CONSTRAINT case_archive_one_store CHECK (num_nonnulls(document, object_key) = 1);
