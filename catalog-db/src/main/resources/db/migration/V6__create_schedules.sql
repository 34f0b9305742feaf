-- Schedules: what should be running when, one schedule per pipeline at most. `spec` holds the
-- kind's settings (cron expression, back-off, ...) as the API wrote them; the catalog does not
-- interpret it. The reconciler keeps no counters here: failures and back-off are derived from the
-- runs of the schedule, so a backend that takes over finds everything it needs in `runs`.

CREATE TABLE schedules (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    pipeline_id        uuid        NOT NULL UNIQUE REFERENCES pipelines (id),
    kind               text        NOT NULL,
    spec               jsonb       NOT NULL,
    paused             boolean     NOT NULL DEFAULT false,
    -- active: the reconciler follows it; needs-attention: it gave up (attention says why);
    -- done: a backfill that finished.
    status             text        NOT NULL DEFAULT 'active',
    attention          text        NULL,
    -- Failed runs before this instant no longer count against the schedule (set on resume/edit).
    failures_since     timestamptz NOT NULL,
    -- The cron fire time the schedule last acted on, so a fire time starts at most one run.
    last_fire_at       timestamptz NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schedules_kind_check CHECK (kind IN ('continuous', 'cron', 'backfill')),
    CONSTRAINT schedules_status_check CHECK (status IN ('active', 'needs-attention', 'done'))
);

-- Runs remember the schedule that started them (null: started by hand) and the reconciler epoch
-- under which they were started.
ALTER TABLE runs ADD COLUMN schedule_id uuid NULL REFERENCES schedules (id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN reconciler_epoch bigint NULL;
CREATE INDEX runs_by_schedule ON runs (schedule_id, created_at DESC) WHERE schedule_id IS NOT NULL;

-- The reconciler's lease. Exactly one row per lease name; `epoch` grows by one at every change of
-- holder and is the fencing token: every write the reconciler makes checks it in the same
-- transaction, holding the row FOR SHARE so that a takeover waits for it to commit.
CREATE TABLE leases (
    name        text        PRIMARY KEY,
    holder      text        NOT NULL,
    epoch       bigint      NOT NULL,
    expires_at  timestamptz NOT NULL
);
