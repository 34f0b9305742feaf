-- The audit log: one row per change and per login attempt. `actor` is the user name as it was at
-- the time (null for an anonymous caller such as a failed login of an unknown user); `detail` is
-- a small JSON object that never holds secrets. Rows are kept for audit.retention (default: kept
-- forever).

CREATE TABLE audit_log (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor_id     uuid        NULL,
    actor        text        NULL,
    action       text        NOT NULL,
    target_type  text        NULL,
    target_id    text        NULL,
    detail       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    remote_addr  text        NULL,
    user_agent   text        NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at DESC);
CREATE INDEX audit_log_by_target ON audit_log (target_type, target_id, at DESC);
