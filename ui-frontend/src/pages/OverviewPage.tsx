import { useMemo, useState } from "react";
import type { PipelineOverview } from "../api/types";
import { TimeChart } from "../charts/TimeChart";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { RunStateBadge } from "../components/RunStateBadge";
import { useNow } from "../hooks/useNow";
import { useOverview } from "../hooks/useOverview";
import {
  type Columns,
  type OverviewRow,
  type OverviewSortKey,
  type StateFilter,
  filterRows,
  formatAge,
  formatCount,
  formatRate,
  isActive,
  lagUnit,
  overviewRows,
  seconds,
  sortRows,
} from "../model/metrics";
import { dashboardPath, designerPath } from "../router/router";

const COLUMNS: { key: OverviewSortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Pipeline" },
  { key: "state", label: "State" },
  { key: "rateIn", label: "In", numeric: true },
  { key: "rateOut", label: "Out", numeric: true },
];

const FIRST_DIRECTION: Record<OverviewSortKey, "asc" | "desc"> = {
  name: "asc",
  state: "asc",
  rateIn: "desc",
  rateOut: "desc",
  lag: "desc",
  checkpoint: "asc",
};

const FILTERS: { key: StateFilter; label: string }[] = [
  { key: "all", label: "All pipelines" },
  { key: "active", label: "Running" },
  { key: "problems", label: "Needing attention" },
  { key: "idle", label: "Not running" },
];

/**
 * Every pipeline at a glance: state, throughput now and over the last hour, lag and the age of the
 * last checkpoint. Pipelines needing attention (failed, restarting, schedule given up, lag growing)
 * come first and stand out.
 */
export function OverviewPage() {
  const { overview, error, lagHistory } = useOverview();
  const [text, setText] = useState("");
  const [filter, setFilter] = useState<StateFilter>("all");
  const [sort, setSort] = useState<{
    key: OverviewSortKey;
    direction: "asc" | "desc";
  }>({ key: "name", direction: "asc" });
  const now = useNow(5000);

  const rows = useMemo(
    () => (overview ? overviewRows(overview.pipelines, lagHistory) : []),
    [overview, lagHistory],
  );
  const shown = useMemo(
    () => sortRows(filterRows(rows, text, filter), sort.key, sort.direction),
    [rows, text, filter, sort],
  );
  const attention = rows.filter((r) => r.attention.length > 0).length;
  const running = rows.filter((r) =>
    isActive(r.pipeline.latestRun?.state),
  ).length;
  const range: [number, number] | undefined = overview
    ? [seconds(overview.from), seconds(overview.at)]
    : undefined;

  // The same column again turns the order round; a new one starts with what is most telling
  // (names A to Z, problems and oldest checkpoints first, the highest rates and lag first).
  const sortBy = (key: OverviewSortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, direction: s.direction === "asc" ? "desc" : "asc" }
        : { key, direction: FIRST_DIRECTION[key] },
    );

  return (
    <main className="page page--wide">
      <div className="page__header">
        <div>
          <h1>Monitor</h1>
          <p className="muted">
            {overview
              ? `${running} running · ${attention} needing attention · ${rows.length} pipelines`
              : "Every pipeline and how it is doing."}
          </p>
        </div>
      </div>

      <div className="toolbar-row toolbar-row--inline">
        <input
          type="search"
          className="input input--search"
          placeholder="Filter pipelines"
          aria-label="Filter pipelines"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="inline-field">
          <span>Show</span>
          <select
            className="input input--small select"
            value={filter}
            onChange={(e) => setFilter(e.target.value as StateFilter)}
          >
            {FILTERS.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </div>

      {error && <ProblemNotice error={error} />}
      {!overview && !error && <p className="muted">Loading…</p>}
      {overview && shown.length === 0 && (
        <div className="empty">
          <p>
            {rows.length === 0 ? "No pipelines yet." : "No pipeline matches."}
          </p>
        </div>
      )}

      {overview && shown.length > 0 && (
        <table
          className="table table--overview"
          aria-label="Pipelines overview"
        >
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <SortHeader
                  key={c.key}
                  column={c}
                  sort={sort}
                  onSort={sortBy}
                />
              ))}
              <th scope="col">Last hour</th>
              <SortHeader
                column={{ key: "lag", label: "Lag", numeric: true }}
                sort={sort}
                onSort={sortBy}
              />
              <SortHeader
                column={{
                  key: "checkpoint",
                  label: "Last checkpoint",
                  numeric: true,
                }}
                sort={sort}
                onSort={sortBy}
              />
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <OverviewTableRow
                key={row.pipeline.id}
                row={row}
                now={now}
                range={range}
              />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function SortHeader({
  column,
  sort,
  onSort,
}: {
  column: { key: OverviewSortKey; label: string; numeric?: boolean };
  sort: { key: OverviewSortKey; direction: "asc" | "desc" };
  onSort: (key: OverviewSortKey) => void;
}) {
  const active = sort.key === column.key;
  return (
    <th
      scope="col"
      className={column.numeric ? "num" : undefined}
      aria-sort={
        active
          ? sort.direction === "asc"
            ? "ascending"
            : "descending"
          : "none"
      }
    >
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(column.key)}
      >
        {column.label}
        <span aria-hidden="true" className="sort-button__mark">
          {active ? (sort.direction === "asc" ? "▲" : "▼") : ""}
        </span>
      </button>
    </th>
  );
}

function OverviewTableRow({
  row,
  now,
  range,
}: {
  row: OverviewRow;
  now: number;
  range?: [number, number];
}) {
  const p = row.pipeline;
  const active = isActive(p.latestRun?.state);
  const problem = row.attention.length > 0;
  return (
    <tr
      className={problem ? "is-problem" : undefined}
      data-testid={`overview-row-${p.id}`}
    >
      <td>
        <Link href={dashboardPath(p.id)} className="table__name">
          {p.name}
        </Link>
        <div className="small">
          <Link
            href={designerPath(p.id)}
            className="muted"
            aria-label={`Open ${p.name} in the designer`}
          >
            Designer
          </Link>
        </div>
        {problem && (
          <ul className="attention" aria-label={`Problems of ${p.name}`}>
            {row.attention.map((a) => (
              <li
                key={a.kind}
                className={`attention__item attention__item--${a.kind}`}
                title={a.text}
              >
                {a.text}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <RunStateBadge
          state={p.latestRun?.state ?? null}
          idleText="never run"
          aria-label={`State of ${p.name}`}
        />
        {p.schedule && (
          <div className="small muted">
            {p.schedule.kind}
            {p.schedule.paused ? " · paused" : ""}
          </div>
        )}
      </td>
      <td className="num">
        {active ? formatRate(row.totals.recordsInPerSecond) : "–"}
      </td>
      <td className="num">
        {active ? formatRate(row.totals.recordsOutPerSecond) : "–"}
      </td>
      <td className="sparkline-cell">
        <Sparkline pipeline={p} range={range} />
      </td>
      <td className="num">
        {!active ? (
          "–"
        ) : row.lag ? (
          `${formatCount(row.lag.value)} ${lagUnit(row.lag.field)}`
        ) : (
          <span className="muted">not measured</span>
        )}
      </td>
      <td className="num">{formatAge(p.lastCheckpointAt, now)}</td>
    </tr>
  );
}

const SPARK_NAMES = ["In", "Out"];

function Sparkline({
  pipeline,
  range,
}: {
  pipeline: PipelineOverview;
  range?: [number, number];
}) {
  const columns = useMemo<Columns>(() => {
    const points = pipeline.throughput;
    return [
      points.map((t) => seconds(t.at)),
      points.map((t) => t.recordsInPerSecond ?? null),
      points.map((t) => t.recordsOutPerSecond ?? null),
    ];
  }, [pipeline.throughput]);
  if (pipeline.throughput.length === 0)
    return <span className="muted small">no data</span>;
  return (
    <TimeChart
      title={`Throughput of ${pipeline.name} in the last hour`}
      names={SPARK_NAMES}
      columns={columns}
      format={formatRate}
      height={32}
      compact
      range={range}
    />
  );
}
