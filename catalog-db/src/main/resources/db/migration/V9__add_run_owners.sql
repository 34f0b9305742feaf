-- Runs belong to the backend whose engine runs them (`owner`, its backend id). Each backend keeps a
-- liveness lease `backend:<id>` in `leases`; when it expires, the reconciling backend declares the
-- backend's active runs `lost` (a final state) and starts them anew from their newest checkpoint.
-- Runs from before this migration have no owner; the first backend that starts adopts them.
ALTER TABLE runs ADD COLUMN owner text NULL;

ALTER TABLE runs DROP CONSTRAINT runs_state_check;
ALTER TABLE runs ADD CONSTRAINT runs_state_check CHECK (
    state IN ('starting', 'running', 'stopping', 'stopped', 'failed', 'finished', 'lost'));

CREATE INDEX runs_active_by_owner ON runs (owner)
    WHERE state IN ('starting', 'running', 'stopping');
