-- Secrets typed into a node's own config (a postgres node's password, an S3 node's secret key).
-- The version's document never holds them: each is a row here, an envelope
-- {"keyId", "nonce", "ciphertext"} sealed with AES-256-GCM by the backend with the associated data
-- pipeline:<pipeline id>:<node id>:<field>. Kept beside the version rather than in its document
-- because documents are immutable while a master-key rotation must re-seal envelopes in place.
-- A new version copies the envelopes it keeps, so every version runs with its own secrets.

CREATE TABLE pipeline_secrets (
    pipeline_id uuid    NOT NULL,
    version     integer NOT NULL,
    node_id     text    NOT NULL,
    field       text    NOT NULL,
    envelope    jsonb   NOT NULL,
    PRIMARY KEY (pipeline_id, version, node_id, field),
    FOREIGN KEY (pipeline_id, version) REFERENCES pipeline_versions (pipeline_id, number),
    CONSTRAINT pipeline_secrets_envelope_object CHECK (jsonb_typeof(envelope) = 'object')
);

-- Catalogs written before this held such secrets in plain text inside version documents. The
-- backend seals them at start-up and removes them from the documents: the one change to a version
-- ever allowed, only to its document, and only in a transaction that says so with
-- SET LOCAL sluice.sealing_inline_secrets = 'on'.
CREATE OR REPLACE FUNCTION forbid_pipeline_version_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE'
        AND current_setting('sluice.sealing_inline_secrets', true) = 'on'
        AND NEW.pipeline_id = OLD.pipeline_id AND NEW.number = OLD.number
        AND NEW.author = OLD.author AND NEW.message = OLD.message
        AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'pipeline versions are immutable: TRUNCATE of pipeline_versions is not allowed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RAISE EXCEPTION 'pipeline versions are immutable: % of version % of pipeline % is not allowed',
        TG_OP, OLD.number, OLD.pipeline_id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
