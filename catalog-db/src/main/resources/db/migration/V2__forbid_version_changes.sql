-- A saved version is history: runs record the version they ran, so it must never change.
-- Application code never updates or deletes versions; this makes sure nothing else does either.

CREATE FUNCTION forbid_pipeline_version_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'pipeline versions are immutable: TRUNCATE of pipeline_versions is not allowed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RAISE EXCEPTION 'pipeline versions are immutable: % of version % of pipeline % is not allowed',
        TG_OP, OLD.number, OLD.pipeline_id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER pipeline_versions_immutable_rows
    BEFORE UPDATE OR DELETE ON pipeline_versions
    FOR EACH ROW EXECUTE FUNCTION forbid_pipeline_version_change();

CREATE TRIGGER pipeline_versions_immutable_table
    BEFORE TRUNCATE ON pipeline_versions
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_pipeline_version_change();
