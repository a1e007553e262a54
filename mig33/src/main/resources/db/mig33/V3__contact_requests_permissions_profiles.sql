-- Contact requests, the allow/block list, and the profile, status message and display picture.
-- Portable SQL: H2 2.x and PostgreSQL 15.

-- A contact entry shows the listed user's presence only once that user approved it (CONTACT_REQUEST 412,
-- ACCEPT 413 / REJECT 414). Entries made before this migration were accepted at once, so they stay accepted.
-- 'pending': waiting for the listed user; 'rejected': refused (the owner is not told, the entry stays offline).
ALTER TABLE mig33_contact ADD COLUMN approval VARCHAR(8) DEFAULT 'accepted' NOT NULL;
CREATE INDEX mig33_contact_requests ON mig33_contact (contact_user_id, approval);

-- SET_PERMISSION 417: what owner_id decided about other_id. 1 allow, 2 block (spec §7).
CREATE TABLE mig33_permission (
    owner_id   INTEGER  NOT NULL REFERENCES mig33_user (id) ON DELETE CASCADE,
    other_id   INTEGER  NOT NULL REFERENCES mig33_user (id) ON DELETE CASCADE,
    permission SMALLINT NOT NULL,
    created_at BIGINT   NOT NULL,
    CONSTRAINT mig33_permission_once PRIMARY KEY (owner_id, other_id)
);
CREATE INDEX mig33_permission_other ON mig33_permission (other_id);

-- What USER_PROFILE 906 shows beyond mig33_user's columns, and what a user shows their contacts.
-- Text columns are wider than the configured limits, which the service enforces.
CREATE TABLE mig33_profile (
    user_id             INTEGER PRIMARY KEY REFERENCES mig33_user (id) ON DELETE CASCADE,
    city                VARCHAR(64),
    state               VARCHAR(64),
    country_id          INTEGER,
    date_of_birth       BIGINT,          -- ms since the epoch, as USER_PROFILE field 8
    gender              SMALLINT,
    away_message        VARCHAR(1000),
    status_message      VARCHAR(1000),
    status_message_at   BIGINT,
    display_picture     VARCHAR(1000),   -- a reference (file id or URL) the picture feature hands out
    display_picture_at  BIGINT
);
