-- Failed logins per user name (lower-cased) and remote address within the current window. Kept in
-- the catalog so that backends sharing it count together: a limit of 5 holds for all of them, not 5
-- per backend. A success deletes the row; rows whose window has passed are deleted as failures
-- come in.

CREATE TABLE login_failures (
    username_key text        NOT NULL,
    remote_addr  text        NOT NULL,
    failures     integer     NOT NULL,
    first_at     timestamptz NOT NULL,
    PRIMARY KEY (username_key, remote_addr)
);
CREATE INDEX login_failures_by_start ON login_failures (first_at);
