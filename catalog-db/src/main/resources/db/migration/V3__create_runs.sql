-- Runs: one row each time a pipeline version is started on the engine.
-- desired_state is what the user asked for; state is what the engine last reported. On start,
-- Sluice resumes every run whose desired_state is 'running' and whose state is not final.

CREATE TABLE runs (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    pipeline_id       uuid        NOT NULL REFERENCES pipelines (id),
    version           integer     NOT NULL,
    desired_state     text        NOT NULL,
    state             text        NOT NULL,
    plan              jsonb       NOT NULL,
    engine            text        NOT NULL,
    flink_version     text        NOT NULL,
    job_id            text        NULL,
    failure           text        NULL,
    restored_from     text        NULL,
    savepoint_path    text        NULL,
    checkpoint_path   text        NULL,
    started_by        text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    ended_at          timestamptz NULL,
    FOREIGN KEY (pipeline_id, version) REFERENCES pipeline_versions (pipeline_id, number),
    CONSTRAINT runs_desired_state_check CHECK (desired_state IN ('running', 'stopped')),
    CONSTRAINT runs_state_check CHECK (
        state IN ('starting', 'running', 'stopping', 'stopped', 'failed', 'finished'))
);

-- At most one run of a pipeline is active at a time: it owns the pipeline's checkpoints.
CREATE UNIQUE INDEX runs_one_active_per_pipeline ON runs (pipeline_id)
    WHERE state IN ('starting', 'running', 'stopping');

CREATE INDEX runs_by_pipeline ON runs (pipeline_id, created_at DESC);
