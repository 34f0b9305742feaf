import { useCanEdit } from "../auth/session";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api } from "../api/client";
import type { PipelineSummary, Schedule } from "../api/types";
import { Dialog } from "../components/Dialog";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { RunStateBadge } from "../components/RunStateBadge";
import { usePipelines } from "../hooks/usePipelines";
import { scheduleLine } from "../model/schedule";
import { designerPath, navigate } from "../router/router";
import { asApiError } from "../store/notices";

const REFRESH_MS = 5000;

type Editing =
  | { kind: "create" }
  | { kind: "rename"; pipeline: PipelineSummary }
  | { kind: "delete"; pipeline: PipelineSummary }
  | null;

/** The list of pipelines: search, create, rename, delete, and the state of each one's latest run. */
export function PipelinesPage() {
  const canEdit = useCanEdit();
  const [search, setSearch] = useState("");
  const { pipelines, error, reload } = usePipelines(search);
  const [editing, setEditing] = useState<Editing>(null);
  const schedules = useSchedules(pipelines);

  // Run states change by themselves; look again every few seconds.
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <main className="page">
      <div className="page__header">
        <div>
          <h1>Pipelines</h1>
          <p className="muted">Streaming pipelines, their versions and runs.</p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setEditing({ kind: "create" })}
          >
            New pipeline
          </button>
        )}
      </div>

      <div className="toolbar-row">
        <input
          type="search"
          className="input input--search"
          placeholder="Search pipelines"
          aria-label="Search pipelines"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>

      {error && <ProblemNotice error={error} />}

      {pipelines === null && !error && <p className="muted">Loading…</p>}

      {pipelines !== null && pipelines.length === 0 && (
        <div className="empty">
          {search ? (
            <p>No pipeline matches “{search}”.</p>
          ) : (
            <p>
              No pipelines yet. Choose <strong>New pipeline</strong> to draw
              your first one.
            </p>
          )}
        </div>
      )}

      {pipelines !== null && pipelines.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Run state</th>
              <th scope="col">Schedule</th>
              <th scope="col">Version</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pipelines.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={designerPath(p.id)} className="table__name">
                    {p.name}
                  </Link>
                  {p.description && (
                    <div className="muted small">{p.description}</div>
                  )}
                </td>
                <td>
                  <RunStateBadge
                    state={p.latestRun?.state ?? null}
                    idleText="never run"
                  />
                  {p.latestRun?.state === "failed" && p.latestRun.failure && (
                    <div
                      className="small text-bad truncate"
                      title={p.latestRun.failure}
                    >
                      {p.latestRun.failure}
                    </div>
                  )}
                </td>
                <td className="small">
                  {schedules.get(p.id) ? (
                    scheduleLine(schedules.get(p.id) as Schedule)
                  ) : (
                    <span className="muted">by hand</span>
                  )}
                </td>
                <td className="muted">v{p.latestVersion}</td>
                <td className="muted">
                  {p.updatedAt ? formatTime(p.updatedAt) : ""}
                </td>
                <td className="table__actions">
                  {canEdit && (
                    <>
                      <button
                        type="button"
                        className="button button--ghost"
                        aria-label={`Rename ${p.name}`}
                        onClick={() =>
                          setEditing({ kind: "rename", pipeline: p })
                        }
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        className="button button--ghost button--danger"
                        aria-label={`Delete ${p.name}`}
                        onClick={() =>
                          setEditing({ kind: "delete", pipeline: p })
                        }
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {editing?.kind === "create" && (
        <CreateDialog onClose={() => setEditing(null)} />
      )}
      {editing?.kind === "rename" && (
        <RenameDialog
          pipeline={editing.pipeline}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {editing?.kind === "delete" && (
        <DeleteDialog
          pipeline={editing.pipeline}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </main>
  );
}

/** Each pipeline's schedule, by pipeline id, asked again whenever the list of pipelines is. */
function useSchedules(
  pipelines: PipelineSummary[] | null,
): Map<string, Schedule> {
  const [byPipeline, setByPipeline] = useState<Map<string, Schedule>>(
    new Map(),
  );
  useEffect(() => {
    if (pipelines === null) return;
    const controller = new AbortController();
    api.schedules(controller.signal).then(
      (list) => setByPipeline(new Map(list.map((s) => [s.pipelineId, s]))),
      () => {
        // The list still shows without schedules; the next refresh asks again.
      },
    );
    return () => controller.abort();
  }, [pipelines]);
  return byPipeline;
}

function CreateDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const blank = name.trim() === "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blank) return;
    setBusy(true);
    try {
      const created = await api.createPipeline({
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      navigate(designerPath(created.id));
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New pipeline" onClose={onClose}>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            required
          />
        </label>
        <label className="field">
          <span className="field__label">
            Description <span className="muted">(optional)</span>
          </span>
          <input
            className="input"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={2000}
          />
        </label>
        {error && <ProblemNotice error={error} />}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={blank || busy}
          >
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RenameDialog({
  pipeline,
  onClose,
  onDone,
}: {
  pipeline: PipelineSummary;
  onClose: () => void;
  onDone: () => void;
}) {
  const [name, setName] = useState(pipeline.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const blank = name.trim() === "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blank) return;
    setBusy(true);
    try {
      await api.updateDetails(pipeline.id, { name: name.trim() });
      onDone();
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Rename ${pipeline.name}`} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            required
          />
        </label>
        {error && <ProblemNotice error={error} />}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={blank || busy}
          >
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteDialog({
  pipeline,
  onClose,
  onDone,
}: {
  pipeline: PipelineSummary;
  onClose: () => void;
  onDone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const confirm = async () => {
    setBusy(true);
    try {
      await api.deletePipeline(pipeline.id);
      onDone();
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Delete ${pipeline.name}?`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger-solid"
            disabled={busy}
            onClick={confirm}
          >
            Delete
          </button>
        </>
      }
    >
      <p>
        <strong>{pipeline.name}</strong> leaves the list of pipelines. Its
        versions and runs stay in the catalog.
      </p>
      {error && <ProblemNotice error={error} />}
    </Dialog>
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
}
