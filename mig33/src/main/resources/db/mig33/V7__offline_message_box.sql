-- How many messages wait for each user, kept beside the messages (mig33.maxOfflineMessages). Portable SQL:
-- H2 2.x and PostgreSQL 15.
-- Storing a message adds one to its recipient's row, in the same transaction and only while the row is below
-- the cap; delivering and expiring subtract what they deleted. The row is locked from that update to the
-- commit, so two transactions storing for one user take turns at it and the cap holds exactly, where counting
-- the waiting messages on every store read the whole box and could not see another transaction's rows.
CREATE TABLE mig33_offline_box (
    recipient_id INTEGER NOT NULL PRIMARY KEY REFERENCES mig33_user (id) ON DELETE CASCADE,
    waiting      INTEGER NOT NULL
);

-- Every user has a row (accounts made from now on get theirs with the account), counting what waits already.
INSERT INTO mig33_offline_box (recipient_id, waiting)
    SELECT u.id, (SELECT COUNT(*) FROM mig33_offline_message m WHERE m.recipient_id = u.id) FROM mig33_user u;
