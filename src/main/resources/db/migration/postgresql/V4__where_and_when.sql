-- Where, when and what each record's current version reports, beside it, so that the records in
-- the works near a new one (its possible duplicates) are found without reading every one of them.
-- Rows written before these columns have them empty and are read whole, as before.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS event_type VARCHAR(64);
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS day_from DATE;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS day_to DATE;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS lon DOUBLE PRECISION;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS lat DOUBLE PRECISION;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS place_id VARCHAR(128);
CREATE INDEX IF NOT EXISTS incidents_status ON incidents(status);
-- The layers and every server ask for the newest change and the changes after one they include.
CREATE INDEX IF NOT EXISTS incidents_change ON incidents(change_seq);
