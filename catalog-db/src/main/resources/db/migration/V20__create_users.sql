-- Users of Sluice and their roles. A password is kept only as an Argon2id hash (PHC string).
-- `must_change_password` is set on an admin whose one-time password was generated at the first
-- start: every call but changing the password is refused until it is changed.

CREATE TABLE users (
    id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    username              text        NOT NULL,
    role                  text        NOT NULL,
    password_hash         text        NOT NULL,
    must_change_password  boolean     NOT NULL DEFAULT false,
    disabled              boolean     NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_role_check CHECK (role IN ('viewer', 'editor', 'admin')),
    CONSTRAINT users_username_check CHECK (username ~ '^[A-Za-z0-9._@-]{1,100}$')
);
CREATE UNIQUE INDEX users_by_name ON users (lower(username));
