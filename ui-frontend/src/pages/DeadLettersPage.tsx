import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/client";
import {
  deadLetterApi,
  type DeadLetter,
  type DeadLetterCounts,
} from "../api/deadLetters";
import type { Run } from "../api/types";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { designerPath } from "../router/router";

const PAGE = 50;
const FINAL = new Set(["stopped", "failed", "finished"]);

/** How often a replay run's state is asked for while it goes on. */
export const REPLAY_POLL_MS = 1000;

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError
    ? e
    : new ApiError(0, { title: "Something went wrong", detail: String(e) });
}

function formatTime(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleString();
}

/**
 * The dead-letter browser of one pipeline: the records its nodes rejected, newest first, with node
 * and reason filters, each raw record on demand, downloads, and replay of selected records through
 * the pipeline's latest version.
 */
export function DeadLettersPage({ pipelineId }: { pipelineId: string }) {
  const [node, setNode] = useState("");
  const [reason, setReason] = useState("");
  const [items, setItems] = useState<DeadLetter[]>([]);
  const [next, setNext] = useState<number | undefined>(undefined);
  const [counts, setCounts] = useState<DeadLetterCounts | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [replay, setReplay] = useState<{ run: Run; count: number } | null>(
    null,
  );
  const [replayError, setReplayError] = useState<ApiError | null>(null);

  // Bumped to read the list and counts again (after a replay).
  const [tick, setTick] = useState(0);
  const load = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      deadLetterApi.page(
        pipelineId,
        { node: node || undefined, limit: PAGE },
        controller.signal,
      ),
      deadLetterApi.counts(pipelineId, controller.signal),
    ]).then(
      ([page, c]) => {
        if (controller.signal.aborted) return;
        setItems(page.items);
        setNext(page.next);
        setCounts(c);
        setError(null);
        setSelected(new Set());
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [pipelineId, node, tick]);

  const loadOlder = async () => {
    if (next === undefined) return;
    try {
      const page = await deadLetterApi.page(pipelineId, {
        node: node || undefined,
        after: next,
        limit: PAGE,
      });
      setItems((old) => [...old, ...page.items]);
      setNext(page.next);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  // Follows the replay run until it ends, then shows the list as it is after the replay.
  const replayRunId = replay?.run.id;
  const replayDone = replay ? FINAL.has(replay.run.state) : true;
  useEffect(() => {
    if (!replayRunId || replayDone) return;
    const timer = window.setInterval(async () => {
      try {
        const run = await deadLetterApi.run(replayRunId);
        setReplay((r) => (r && r.run.id === run.id ? { ...r, run } : r));
        if (FINAL.has(run.state)) load();
      } catch (e) {
        setReplayError(asApiError(e));
      }
    }, REPLAY_POLL_MS);
    return () => window.clearInterval(timer);
  }, [replayRunId, replayDone, load]);

  const shown = useMemo(() => {
    const needle = reason.trim().toLowerCase();
    return needle
      ? items.filter((d) => d.reason.toLowerCase().includes(needle))
      : items;
  }, [items, reason]);

  const toggle = (id: number) =>
    setSelected((old) => {
      const s = new Set(old);
      if (s.has(id)) s.delete(id);
      else s.add(id);
      return s;
    });

  const startReplay = async () => {
    setReplayError(null);
    try {
      const started = await deadLetterApi.replay(pipelineId, {
        ids: [...selected].sort((a, b) => a - b),
      });
      setReplay({ run: started.run, count: started.deadLetters.length });
      setSelected(new Set());
      load();
    } catch (e) {
      setReplayError(asApiError(e));
    }
  };

  const opened = open === null ? undefined : items.find((d) => d.id === open);

  return (
    <main className="page dead-letters">
      <div className="designer__title">
        <Link href={designerPath(pipelineId)} className="breadcrumb">
          Designer
        </Link>
        <span className="breadcrumb__sep" aria-hidden="true">
          /
        </span>
        <h1>Dead letters</h1>
      </div>

      {error && (
        <ProblemNotice error={error} onDismiss={() => setError(null)} />
      )}

      {counts && (
        <section aria-label="Dead letters per node">
          <p>
            {counts.total} dead letters, {counts.waiting} waiting for a replay.
          </p>
          <ul className="muted small">
            {counts.nodes.map((n) => (
              <li key={n.node}>
                <code>{n.node}</code>: {n.total} in all, {n.waiting} waiting,{" "}
                {n.replaying} being replayed, {n.replayed} replayed
              </li>
            ))}
          </ul>
        </section>
      )}

      <div
        className="dead-letters__filters"
        role="search"
        aria-label="Filter dead letters"
      >
        <label>
          Node{" "}
          <select value={node} onChange={(e) => setNode(e.target.value)}>
            <option value="">All nodes</option>
            {counts?.nodes.map((n) => (
              <option key={n.node} value={n.node}>
                {n.node}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason contains{" "}
          <input
            type="search"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <a
          className="button"
          href={deadLetterApi.downloadHref(
            pipelineId,
            "jsonl",
            node || undefined,
          )}
          download
        >
          Download JSON lines
        </a>
        <a
          className="button"
          href={deadLetterApi.downloadHref(
            pipelineId,
            "csv",
            node || undefined,
          )}
          download
        >
          Download CSV
        </a>
        <button
          type="button"
          className="button button--primary"
          disabled={selected.size === 0}
          onClick={() => void startReplay()}
        >
          Replay selected
        </button>
      </div>

      {replayError && (
        <ProblemNotice
          error={replayError}
          onDismiss={() => setReplayError(null)}
        />
      )}
      {replay && (
        <p role="status" aria-label="Replay status">
          {replayOutcome(replay.run, replay.count)}
        </p>
      )}

      {loading && items.length === 0 ? (
        <p className="muted">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="muted">
          No dead letters{node || reason ? " match the filter" : ""}.
        </p>
      ) : (
        <table className="table" aria-label="Dead letters">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Select</span>
              </th>
              <th scope="col">Time</th>
              <th scope="col">Node</th>
              <th scope="col">Source</th>
              <th scope="col">Reason</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Raw record</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr key={d.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select dead letter ${d.id}`}
                    checked={selected.has(d.id)}
                    disabled={d.status !== "waiting"}
                    onChange={() => toggle(d.id)}
                  />
                </td>
                <td className="muted">{formatTime(d.at)}</td>
                <td>
                  <code>{d.node}</code>
                </td>
                <td className="muted">{d.source}</td>
                <td>{d.reason}</td>
                <td>{d.status}</td>
                <td>
                  <button
                    type="button"
                    className="button"
                    aria-expanded={open === d.id}
                    onClick={() => setOpen(open === d.id ? null : d.id)}
                  >
                    View {d.id}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== undefined && (
        <button
          type="button"
          className="button"
          onClick={() => void loadOlder()}
        >
          Load older
        </button>
      )}

      {opened && (
        <section aria-label="Raw record">
          <h2>
            Dead letter {opened.id} from <code>{opened.source}</code>
          </h2>
          <pre>{opened.raw}</pre>
        </section>
      )}
    </main>
  );
}

function replayOutcome(run: Run, count: number): string {
  const what = `Replay of ${count} dead ${count === 1 ? "letter" : "letters"}`;
  switch (run.state) {
    case "finished":
      return `${what} finished; those that failed again are listed as new dead letters.`;
    case "failed":
      return `${what} failed: ${run.failure ?? "no reason given"}`;
    case "stopped":
      return `${what} was stopped.`;
    default:
      return `${what} is ${run.state}…`;
  }
}
