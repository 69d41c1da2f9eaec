-- Writers of the records take this row's lock before they draw their change number and keep it
-- until they commit, so that changes commit in the order of their numbers: the layers catch up
-- with everything after the last change they include, and a change that committed later with a
-- smaller number would be skipped.
CREATE TABLE change_order (id INT PRIMARY KEY);
INSERT INTO change_order VALUES (1);
