-- Consumer lag of Kafka sources: records in their partitions not read yet. A gauge of the moment,
-- so a rolled-up row keeps the last value of its minute, like the file sources' lag.
ALTER TABLE node_metrics
    ADD COLUMN lag_records bigint NULL;
