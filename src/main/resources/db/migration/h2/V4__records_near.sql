-- The records in the works near a new one (its possible duplicates) are looked up by status, event
-- type and days: an index on them reads only the records of that status and type whose days
-- can overlap, instead of every record of the status.
CREATE INDEX IF NOT EXISTS incidents_near ON incidents(status, event_type, day_from);
