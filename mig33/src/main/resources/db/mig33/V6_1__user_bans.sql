-- Operators' bans of mig33 users (the admin API and console). Portable SQL: H2 2.x and PostgreSQL 15.
-- Numbered 6.1: after the Java migration 5.9, and out of the way of a plain V6 another change may bring.

-- One ban per user; lifting it deletes the row. until_at null: until lifted.
CREATE TABLE mig33_user_ban (
    user_id    INTEGER      NOT NULL PRIMARY KEY REFERENCES mig33_user (id) ON DELETE CASCADE,
    reason     VARCHAR(512) NOT NULL,
    until_at   BIGINT,
    banned_by  VARCHAR(128) NOT NULL,
    banned_at  BIGINT       NOT NULL
);
