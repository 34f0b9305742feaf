-- Pipelines and their immutable, numbered versions.
-- A pipeline row is the mutable head (name, description, latest version, soft-delete mark);
-- every saved document is a new pipeline_versions row that is never changed afterwards.

CREATE TABLE pipelines (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text        NOT NULL,
    description    text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz NULL,
    latest_version integer     NOT NULL,
    CONSTRAINT pipelines_name_check CHECK (btrim(name) <> '' AND char_length(name) <= 200),
    CONSTRAINT pipelines_latest_version_check CHECK (latest_version >= 1)
);

-- Names are unique among live pipelines, ignoring case; deleting a pipeline frees its name.
CREATE UNIQUE INDEX pipelines_name_key ON pipelines (lower(name)) WHERE deleted_at IS NULL;

CREATE TABLE pipeline_versions (
    pipeline_id uuid        NOT NULL REFERENCES pipelines (id),
    number      integer     NOT NULL,
    document    jsonb       NOT NULL,
    author      text        NOT NULL,
    message     text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pipeline_id, number),
    CONSTRAINT pipeline_versions_number_check CHECK (number >= 1),
    CONSTRAINT pipeline_versions_document_check CHECK (jsonb_typeof(document) = 'object')
);

-- The head must point at a version that exists. Deferred, because a pipeline and its first
-- version are inserted in the same transaction and each references the other.
ALTER TABLE pipelines
    ADD CONSTRAINT pipelines_latest_version_fkey
    FOREIGN KEY (id, latest_version) REFERENCES pipeline_versions (pipeline_id, number)
    DEFERRABLE INITIALLY DEFERRED;
