-- For cron windows that stop when their sources are idle: the reconciler notes the total of
-- records the run's sources had read when it last saw that total change (`idle_records`), and
-- when that was by the reconciler's clock (`idle_since`). Kept in the run so that a backend that
-- takes over the lease goes on measuring where the last one stopped.
ALTER TABLE runs ADD COLUMN idle_records bigint NULL;
ALTER TABLE runs ADD COLUMN idle_since timestamptz NULL;
