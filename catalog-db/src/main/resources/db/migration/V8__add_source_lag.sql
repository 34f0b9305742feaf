-- Source lag of file sources: files discovered but not yet being read, and their bytes. Gauges of
-- the moment, so a rolled-up row keeps the last value of its minute, like the counters.
ALTER TABLE node_metrics
    ADD COLUMN lag_files bigint NULL,
    ADD COLUMN lag_bytes bigint NULL;
