-- Records that a pipeline could not read (unparseable lines, values that do not fit their type).
-- Written exactly once by each run's dead-letter sink; the columns are exactly the sink's fields.
CREATE TABLE dead_letters (
    pipeline text NOT NULL,
    node     text,
    source   text,
    raw      text,
    reason   text NOT NULL
);

CREATE INDEX dead_letters_by_pipeline ON dead_letters (pipeline);
