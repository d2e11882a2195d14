-- Reference data (issue 3): HS nomenclature, offices, tariff lines, preferences, VAT, excise,
-- exchange rates, reference unit prices. Loaded by `clearway reference load hs|demo` with
-- idempotent upserts (activities/reference). Dates are validity bounds, both inclusive; valid_to
-- NULL = open-ended. Amounts and rates are NUMERIC (decimal, never float).

CREATE TABLE IF NOT EXISTS ref_hs (
  code         text PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2}){0,2}$'),
  section      text NOT NULL,
  description  text NOT NULL,
  parent       text NOT NULL,
  level        smallint NOT NULL CHECK (level IN (2, 4, 6)),
  edition      text NOT NULL DEFAULT 'HS2022'
);

CREATE TABLE IF NOT EXISTS ref_offices (
  code      text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}[A-Z0-9]{6}$'),
  country   char(2) NOT NULL,
  name      text NOT NULL,
  roles     text[] NOT NULL,
  crossing  text,
  facing    text
);
CREATE INDEX IF NOT EXISTS ref_offices_country_idx ON ref_offices (country);

CREATE TABLE IF NOT EXISTS ref_tariff_lines (
  id           text PRIMARY KEY,
  country      char(2) NOT NULL,
  hs_prefix    text NOT NULL CHECK (hs_prefix ~ '^([0-9]{2}){1,5}$'),
  description  text NOT NULL,
  duty         jsonb NOT NULL,            -- domain RateSchema: ad_valorem | specific | mixed
  valid_from   date NOT NULL,
  valid_to     date,
  illustrative boolean NOT NULL DEFAULT true,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX IF NOT EXISTS ref_tariff_lines_lookup_idx ON ref_tariff_lines (country, hs_prefix, valid_from);

CREATE TABLE IF NOT EXISTS ref_preferences (
  id                   text PRIMARY KEY,
  name                 text NOT NULL,
  importing_countries  text[] NOT NULL,
  origin_countries     text[] NOT NULL,
  hs_prefixes          text[] NOT NULL DEFAULT '{}',
  excluded_hs_prefixes text[] NOT NULL DEFAULT '{}',
  duty_factor          numeric NOT NULL CHECK (duty_factor >= 0),
  proof_document_code  text,
  priority             integer NOT NULL DEFAULT 0,   -- order among equal factors (lower first)
  valid_from           date NOT NULL,
  valid_to             date,
  illustrative         boolean NOT NULL DEFAULT true
);

CREATE TABLE IF NOT EXISTS ref_vat_rates (
  country      char(2) NOT NULL,
  hs_prefix    text NOT NULL DEFAULT '',  -- '' = the standard rate
  valid_from   date NOT NULL,
  valid_to     date,
  percent      numeric NOT NULL CHECK (percent >= 0),
  illustrative boolean NOT NULL DEFAULT true,
  PRIMARY KEY (country, hs_prefix, valid_from)
);

CREATE TABLE IF NOT EXISTS ref_excise_rates (
  id           text PRIMARY KEY,
  country      char(2) NOT NULL,
  hs_prefix    text NOT NULL CHECK (hs_prefix ~ '^([0-9]{2}){1,5}$'),
  description  text NOT NULL,
  rate         jsonb NOT NULL,
  valid_from   date NOT NULL,
  valid_to     date,
  illustrative boolean NOT NULL DEFAULT true
);
CREATE INDEX IF NOT EXISTS ref_excise_rates_lookup_idx ON ref_excise_rates (country, hs_prefix);

CREATE TABLE IF NOT EXISTS ref_exchange_rates (
  currency     char(3) NOT NULL,
  base         char(3) NOT NULL,
  valid_from   date NOT NULL,
  rate         numeric NOT NULL CHECK (rate > 0),  -- 1 currency = rate base
  illustrative boolean NOT NULL DEFAULT true,
  PRIMARY KEY (currency, base, valid_from)
);

CREATE TABLE IF NOT EXISTS ref_reference_prices (
  country        char(2) NOT NULL,
  hs_prefix      text NOT NULL CHECK (hs_prefix ~ '^([0-9]{2}){1,5}$'),
  origin_country text NOT NULL DEFAULT '',  -- '' = any origin
  unit           text NOT NULL,
  valid_from     date NOT NULL,
  valid_to       date,
  currency       char(3) NOT NULL,
  price          numeric NOT NULL CHECK (price >= 0),
  illustrative   boolean NOT NULL DEFAULT true,
  PRIMARY KEY (country, hs_prefix, origin_country, unit, valid_from)
);
