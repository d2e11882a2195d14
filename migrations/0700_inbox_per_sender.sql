-- The exchange inbox keyed by (sender, message id) (issue 13). The message id alone was the key, so
-- one partner could send a message under an id another sender was going to use, and that sender's
-- message was then answered as a repeat of the first (or refused as other content). Each sender's
-- ids are its own: `source` is `partner:<token subject>` for a partner system, `office:<code>` for our
-- own departure side. Existing rows are unique by message id, so they are unique by the pair too.
ALTER TABLE inbox DROP CONSTRAINT IF EXISTS inbox_pkey;
ALTER TABLE inbox ADD PRIMARY KEY (source, message_id);
