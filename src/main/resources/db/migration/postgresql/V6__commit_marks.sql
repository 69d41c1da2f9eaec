-- A write to the records commits without waiting for the disk, so that the next writer need not
-- wait for the flush while the lock of change_order is held; then it makes its commit durable by
-- a synchronous commit of an update of one of these rows (PostgresDatabase.afterCommit), which
-- returns once the log is on the disk up to it and so up to every commit before it.
CREATE TABLE commit_marks (slot INT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO commit_marks SELECT slot, 0 FROM generate_series(0, 63) AS slot;
