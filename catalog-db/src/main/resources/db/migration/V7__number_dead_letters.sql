-- Dead letters get an id (for paging, download and replay), the time they were committed, and
-- what became of a replay: replay_run_id is set when a replay run takes the dead letter,
-- replayed_at when that run finished. The sink still writes only pipeline, node, source, raw and
-- reason (COPY names its columns); the rest are filled by defaults or by the catalog.
-- The run a dead letter belongs to is not stored: a pipeline has at most one active run at a
-- time, so the run is the one whose lifetime holds created_at (see DeadLetterDao).
ALTER TABLE dead_letters
    ADD COLUMN id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ADD COLUMN created_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN replay_run_id uuid        NULL REFERENCES runs (id) ON DELETE SET NULL,
    ADD COLUMN replayed_at   timestamptz NULL;

DROP INDEX dead_letters_by_pipeline;
CREATE INDEX dead_letters_by_pipeline ON dead_letters (pipeline, id DESC);
CREATE INDEX dead_letters_by_replay ON dead_letters (replay_run_id) WHERE replay_run_id IS NOT NULL;
