-- Bounds on what the store keeps (mig33.roomExpiry, mig33.offlineMessageExpiry). Portable SQL: H2 2.x and
-- PostgreSQL 15. Numbered 5.3 so that it sorts after a V5 that another change may bring.

-- When a room was last joined (ms since the epoch); a user-made room unused for mig33.roomExpiry is deleted.
ALTER TABLE mig33_chatroom ADD COLUMN last_used_at BIGINT;
UPDATE mig33_chatroom SET last_used_at = created_at;
ALTER TABLE mig33_chatroom ALTER COLUMN last_used_at SET NOT NULL;
CREATE INDEX mig33_chatroom_last_used ON mig33_chatroom (last_used_at);

-- The expiry sweep deletes by age.
CREATE INDEX mig33_offline_message_sent ON mig33_offline_message (sent_at);
