-- The records, in the schema atlas. PostGIS lives in public, where the layers find it.
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;

CREATE TABLE users (
  name VARCHAR(64) PRIMARY KEY,
  role VARCHAR(16) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Only the SHA-256 of a token is kept: a copy of the database does not let anyone sign in.
CREATE TABLE tokens (
  hash CHAR(64) PRIMARY KEY,
  user_name VARCHAR(64) NOT NULL REFERENCES users(name),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE
);

-- The current state of each incident that has a record; its content is the latest version.
CREATE TABLE incidents (
  id VARCHAR(64) PRIMARY KEY,
  version INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  created_by VARCHAR(64) NOT NULL,
  change_seq BIGINT NOT NULL,
  served_version INT
);

-- Every version ever written, never updated or deleted. change_seq orders all changes of all
-- incidents, so that the served layers can catch up with exactly those made since they were.
CREATE TABLE versions (
  incident_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  change_seq BIGINT NOT NULL UNIQUE,
  status VARCHAR(16) NOT NULL,
  reason VARCHAR(2000),
  author VARCHAR(64) NOT NULL,
  written_at TIMESTAMP WITH TIME ZONE NOT NULL,
  note VARCHAR(2000),
  changed TEXT NOT NULL,
  record BYTEA NOT NULL,
  PRIMARY KEY (incident_id, version)
);

CREATE SEQUENCE change_seq START WITH 1;

-- Ids of imported rows in the dataset they come from: a second import of a file finds them.
CREATE TABLE external_ids (
  dataset VARCHAR(16) NOT NULL,
  external_id VARCHAR(128) NOT NULL,
  incident_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (dataset, external_id)
);
