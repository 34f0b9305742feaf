-- Browser sessions. The cookie carries a random secret; only its SHA-256 is stored, so a copy of
-- the catalog does not log anyone in. Kept in the catalog so that every backend on it knows them.
-- `csrf_token` is the token a write with this session must send in the X-CSRF-Token header.

CREATE TABLE sessions (
    token_hash   text        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    remote_addr  text        NULL,
    user_agent   text        NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
