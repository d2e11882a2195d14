-- Two read-model indexes of intelligence alerts (issue 16, docs/alerts.md).
--
-- The goods of open declarations and transit movements ("Matching"): one row
-- per case, HS heading and origin country, so a commodity alert finds the open cases carrying its
-- subject on raising through an index, not a scan of cases. The visibility store has no search
-- attribute slot left for them. Written at lodgement (the declaration's risk assessment, the transit
-- door); a case leaves it when its projection enters a closed state.
CREATE TABLE IF NOT EXISTS case_goods (
  case_id    text NOT NULL,
  hs_heading char(4) NOT NULL,
  origin     char(2) NOT NULL,
  PRIMARY KEY (case_id, hs_heading, origin)
);
CREATE INDEX IF NOT EXISTS case_goods_subject_idx ON case_goods (hs_heading, origin);

-- Open declarations whose row still holds the whole lodged declaration (written before the lean
-- projection) enter at once; others enter at their next risk assessment.
INSERT INTO case_goods (case_id, hs_heading, origin)
SELECT DISTINCT c.case_id, left(i ->> 'hsCode', 4), i ->> 'originCountry'
  FROM cases c,
       jsonb_array_elements(CASE WHEN jsonb_typeof(c.view -> 'declaration' -> 'items') = 'array'
                                 THEN c.view -> 'declaration' -> 'items' ELSE '[]'::jsonb END) i
 WHERE c.kind = 'declaration'
   AND c.state NOT IN ('RELEASED', 'NOT_RELEASED', 'REJECTED', 'INVALIDATED', 'CANCELLED')
   AND length(i ->> 'hsCode') >= 4 AND length(i ->> 'originCountry') = 2
ON CONFLICT DO NOTHING;

-- The alerts that matched a declaration on raising and told it (an intelligence hit), written by the
-- alert's notice before the signal: the declaration's control result goes back to each
-- (activities/alert/feedback.ts), even when the hit came during an examination already under way and
-- is not in the declaration's projected timeline yet. A case leaves it with the goods index.
CREATE TABLE IF NOT EXISTS alert_case_hits (
  case_id  text NOT NULL,
  alert_id text NOT NULL,
  PRIMARY KEY (case_id, alert_id)
);
