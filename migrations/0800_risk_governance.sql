-- Risk governance (issue 13; docs/declaration-process.md, "Risk engine in the process"). A profile
-- version is proposed by an administrator of its country (created_by, created_at: the proposal) and
-- takes effect only once a second administrator of that country approves it, from active_from. The
-- version in force for a country at time t is its latest approved version with active_from <= t.
ALTER TABLE risk_profiles
  ADD COLUMN IF NOT EXISTS approved_by text,
  ADD COLUMN IF NOT EXISTS approved_at timestamptz,
  ADD COLUMN IF NOT EXISTS active_from timestamptz;

-- Versions stored before governance were in force from the moment they were stored: they stay so,
-- recorded as approved by this migration (not by a person), so an audit can tell them apart.
UPDATE risk_profiles
   SET approved_by = 'migration:0800', approved_at = created_at, active_from = created_at
 WHERE approved_by IS NULL;

ALTER TABLE risk_profiles ADD CONSTRAINT risk_profiles_approval_whole CHECK (
  (approved_by IS NULL AND approved_at IS NULL AND active_from IS NULL)
  OR (approved_by IS NOT NULL AND approved_at IS NOT NULL AND active_from IS NOT NULL)
);
-- Four eyes, also below the API: only the system's own seeded profiles approve themselves.
ALTER TABLE risk_profiles ADD CONSTRAINT risk_profiles_four_eyes CHECK (
  approved_by IS NULL OR approved_by <> created_by OR created_by = 'system'
);

-- The worker's one query per assessment: approved versions of a country by activation time.
DROP INDEX IF EXISTS risk_profiles_country_idx;
CREATE INDEX IF NOT EXISTS risk_profiles_in_force_idx
  ON risk_profiles (country, active_from DESC) WHERE approved_by IS NOT NULL;
