-- Time series of run metrics. Samples arrive every few seconds at resolution 5 (seconds); a
-- scheduled task rolls complete minutes up into resolution 60 rows and deletes rows older than
-- each resolution keeps. Counters (records, bytes, dead letters, checkpoints) are cumulative
-- values of the run's current Flink job, so a rolled-up row keeps the last value of its minute;
-- rates and busy times keep the average.

CREATE TABLE node_metrics (
    run_id                  uuid             NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    node_id                 text             NOT NULL,
    resolution              integer          NOT NULL,
    at                      timestamptz      NOT NULL,
    records_in              bigint           NULL,
    records_out             bigint           NULL,
    records_in_rate         double precision NULL,
    records_out_rate        double precision NULL,
    bytes_in                bigint           NULL,
    bytes_out               bigint           NULL,
    dead_letter             bigint           NULL,
    skipped                 bigint           NULL,
    busy_ms_per_s           double precision NULL,
    back_pressured_ms_per_s double precision NULL,
    PRIMARY KEY (run_id, resolution, node_id, at),
    CONSTRAINT node_metrics_resolution_check CHECK (resolution > 0)
);

CREATE TABLE run_metrics (
    run_id                     uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    resolution                 integer     NOT NULL,
    at                         timestamptz NOT NULL,
    checkpoints_completed      bigint      NULL,
    checkpoints_failed         bigint      NULL,
    checkpoints_in_progress    bigint      NULL,
    last_checkpoint_at         timestamptz NULL,
    last_checkpoint_duration_ms bigint     NULL,
    last_checkpoint_size_bytes bigint      NULL,
    restarts                   bigint      NULL,
    uptime_ms                  bigint      NULL,
    dead_letter                bigint      NULL,
    PRIMARY KEY (run_id, resolution, at),
    CONSTRAINT run_metrics_resolution_check CHECK (resolution > 0)
);

-- Pruning deletes by age within a resolution.
CREATE INDEX node_metrics_by_age ON node_metrics (resolution, at);
CREATE INDEX run_metrics_by_age ON run_metrics (resolution, at);
