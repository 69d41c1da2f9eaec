-- The records of the embedded store. Files written before migrations were kept already have some
-- of these tables: every statement creates only what is missing.

CREATE TABLE IF NOT EXISTS users (
  name VARCHAR(64) PRIMARY KEY,
  role VARCHAR(16) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Only the SHA-256 of a token is kept: a copy of the file does not let anyone sign in.
CREATE TABLE IF NOT EXISTS tokens (
  hash CHAR(64) PRIMARY KEY,
  user_name VARCHAR(64) NOT NULL REFERENCES users(name),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE
);

-- The current state of each incident that has a record; its content is the latest version.
CREATE TABLE IF NOT EXISTS incidents (
  id VARCHAR(64) PRIMARY KEY,
  version INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  created_by VARCHAR(64) NOT NULL,
  change_seq BIGINT NOT NULL
);

-- Every version ever written, never updated or deleted. change_seq orders all changes of all
-- incidents, so that the served layers can catch up with exactly those made since they were.
CREATE TABLE IF NOT EXISTS versions (
  incident_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  change_seq BIGINT NOT NULL UNIQUE,
  status VARCHAR(16) NOT NULL,
  reason VARCHAR(2000),
  author VARCHAR(64) NOT NULL,
  written_at TIMESTAMP WITH TIME ZONE NOT NULL,
  note VARCHAR(2000),
  changed VARCHAR NOT NULL,
  record VARBINARY NOT NULL,
  PRIMARY KEY (incident_id, version)
);

CREATE SEQUENCE IF NOT EXISTS change_seq START WITH 1;

-- The version the layers serve: the current one when published, the last published one while a
-- change to it waits for review, none when the record is not served. A file of an older layout
-- gains the column; a published record there serves its current version.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS served_version INT;
UPDATE incidents SET served_version = version WHERE status = 'published' AND served_version IS NULL;

-- Ids of imported rows in the dataset they come from: a second import of a file finds them.
CREATE TABLE IF NOT EXISTS external_ids (
  dataset VARCHAR(16) NOT NULL,
  external_id VARCHAR(128) NOT NULL,
  incident_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (dataset, external_id)
);
