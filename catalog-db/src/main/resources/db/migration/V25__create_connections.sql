-- Named connections (PostgreSQL, Kafka, S3) that nodes name instead of carrying addresses and
-- credentials. `settings` holds the plain fields as the API wrote them; `secrets` holds each secret
-- field as an envelope {"keyId", "nonce", "ciphertext"} sealed with AES-256-GCM by the backend
-- (the catalog never sees a plain secret). The key id in each envelope says which master key
-- opens it, so a rotation can re-encrypt row by row while old keys still decrypt.

CREATE TABLE connections (
    name        text        PRIMARY KEY,
    kind        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    settings    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    secrets     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connections_name_check CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    CONSTRAINT connections_kind_check CHECK (kind IN ('postgres', 'kafka', 's3')),
    CONSTRAINT connections_settings_object CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT connections_secrets_object CHECK (jsonb_typeof(secrets) = 'object')
);
