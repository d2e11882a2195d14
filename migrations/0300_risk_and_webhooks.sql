-- Risk engine and declaration exchange (issue 4).

-- Risk profiles: versioned JSON documents validated by domain/risk RiskProfileSchema before they are
-- stored. A version is immutable; the active profile of a country is its latest version (a profile
-- without a country applies where a country has none).
CREATE TABLE IF NOT EXISTS risk_profiles (
  profile_id  text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  country     char(2),
  document    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL DEFAULT 'system',
  PRIMARY KEY (profile_id, version)
);
CREATE INDEX IF NOT EXISTS risk_profiles_country_idx ON risk_profiles (country, created_at DESC);

-- Rule hit-rate statistics (domain/risk/stats.ts): hits per declaration, controls, non-conform
-- findings. Keyed by profile and rule (not version: a rule keeps its record across versions).
CREATE TABLE IF NOT EXISTS risk_rule_stats (
  profile_id  text NOT NULL,
  rule_id     text NOT NULL,
  hits        integer NOT NULL DEFAULT 0,
  controls    integer NOT NULL DEFAULT 0,
  non_conform integer NOT NULL DEFAULT 0,
  hit_rate    double precision NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (profile_id, rule_id)
);

-- Each counted event once: a retried activity finds its key here and changes nothing.
CREATE TABLE IF NOT EXISTS risk_stat_events (
  event_key   text PRIMARY KEY,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Declarant compliance record read by the risk engine (`compliance` predicate); control outcomes
-- update it.
CREATE TABLE IF NOT EXISTS declarant_compliance (
  tin          text PRIMARY KEY,
  controls     integer NOT NULL DEFAULT 0,
  non_conform  integer NOT NULL DEFAULT 0,
  score        double precision,
  rating       text,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Webhook subscriptions of clearance systems: decisions for `clearance-system:<subscriber>` are
-- delivered to `url` from the outbox.
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  subscriber  text PRIMARY KEY,
  url         text NOT NULL,
  secret      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
