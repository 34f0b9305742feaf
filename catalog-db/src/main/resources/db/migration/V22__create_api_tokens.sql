-- API tokens for automation (Authorization: Bearer sluice_<prefix>_<secret>). The secret is shown
-- once, at creation; only its SHA-256 is stored. `prefix` is public and lets people tell tokens
-- apart in lists. A revoked token stays listed with its revocation time.

CREATE TABLE api_tokens (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    prefix        text        NOT NULL UNIQUE,
    secret_hash   text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NULL,
    last_used_at  timestamptz NULL,
    revoked_at    timestamptz NULL
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at DESC);
