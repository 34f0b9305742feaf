import { useEffect, useMemo, useState } from "react";
import { ApiError, api } from "../api/client";
import type { MetricsSeries, PipelineSummary, RunMetrics } from "../api/types";
import { TimeChart } from "../charts/TimeChart";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { RunStateBadge } from "../components/RunStateBadge";
import { useLiveMetrics } from "../hooks/useLiveMetrics";
import { useNow } from "../hooks/useNow";
import { useRuns } from "../hooks/useRuns";
import { RANGES, type RangeKey, useRunSeries } from "../hooks/useRunSeries";
import {
  type Columns,
  formatAge,
  formatBytes,
  formatCount,
  formatRate,
  formatSpan,
  isActive,
  lagUnit,
  latestRun,
  nodeColumns,
  runColumns,
  runLag,
  runTotals,
  seconds,
  seriesLagFields,
} from "../model/metrics";
import { designerPath } from "../router/router";
import { asApiError } from "../store/notices";

const MS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const formatMs = (v: number) => `${MS.format(v)} ms`;

/**
 * One pipeline's dashboard: its latest run's counts now, and over the chosen range its throughput
 * per node, lag, dead-letter records, checkpoints and restarts. Live shows the last minutes and
 * adds each value the event stream pushes.
 */
export function DashboardPage({ pipelineId }: { pipelineId: string }) {
  const [pipeline, setPipeline] = useState<PipelineSummary | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [range, setRange] = useState<RangeKey>("live");
  const { latest } = useRuns(pipelineId, 3000);
  const { series, error, append } = useRunSeries(latest?.id, range);
  const { live } = useLiveMetrics(pipelineId, append);
  const now = useNow(1000);

  useEffect(() => {
    const controller = new AbortController();
    api.pipeline(pipelineId, controller.signal).then(
      (p) => setPipeline(p),
      (e: unknown) => {
        if (!controller.signal.aborted) setLoadError(asApiError(e));
      },
    );
    return () => controller.abort();
  }, [pipelineId]);

  if (loadError) {
    return (
      <main className="page">
        <p>
          <Link href="/monitor">← Monitor</Link>
        </p>
        <h1>Pipeline not available</h1>
        <ProblemNotice error={loadError} />
      </main>
    );
  }

  const metrics =
    live?.metrics && latest && live.runId === latest.id
      ? live.metrics
      : undefined;
  const state = latest?.state ?? null;

  return (
    <main className="page page--wide dashboard">
      <div className="page__header">
        <div>
          <div className="designer__title">
            <Link href="/monitor" className="breadcrumb">
              Monitor
            </Link>
            <span className="breadcrumb__sep" aria-hidden="true">
              /
            </span>
            <h1>{pipeline?.name ?? "Pipeline"}</h1>
            <RunStateBadge
              state={state}
              idleText="never run"
              role="status"
              aria-label="Run state"
            />
          </div>
          {latest?.state === "failed" && latest.failure && (
            <p className="small text-bad">{latest.failure}</p>
          )}
          <p className="muted small">
            {latest
              ? `Run of version ${latest.version}${latest.createdAt ? `, started ${formatAge(latest.createdAt, now)}` : ""}`
              : "This pipeline has not run yet."}{" "}
            <Link href={designerPath(pipelineId)}>Open in the designer</Link>
          </p>
        </div>
        <RangePicker value={range} onChange={setRange} />
      </div>

      <Stats
        metrics={metrics}
        series={series}
        active={isActive(state)}
        now={now}
      />

      {error && <ProblemNotice error={error} />}
      {latest && <Charts series={series} range={range} />}
    </main>
  );
}

function RangePicker({
  value,
  onChange,
}: {
  value: RangeKey;
  onChange: (r: RangeKey) => void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Time range">
      {RANGES.map((r) => (
        <button
          key={r.key}
          type="button"
          role="radio"
          aria-checked={value === r.key}
          className={`segmented__item${value === r.key ? " is-selected" : ""}`}
          onClick={() => onChange(r.key)}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}

function Stat({
  id,
  label,
  value,
  detail,
  quiet,
}: {
  id: string;
  label: string;
  value: string;
  detail?: string;
  quiet?: boolean;
}) {
  return (
    <div className="stat" data-testid={`stat-${id}`}>
      <dt className="stat__label">{label}</dt>
      <dd className={`stat__value${quiet ? " stat__value--quiet" : ""}`}>
        {value}
      </dd>
      {detail && <dd className="stat__detail muted small">{detail}</dd>}
    </div>
  );
}

/** The newest values: from the live metrics while they come, otherwise the newest of the series. */
function Stats({
  metrics,
  series,
  active,
  now,
}: {
  metrics?: RunMetrics;
  series: MetricsSeries | null;
  active: boolean;
  now: number;
}) {
  const totals = runTotals(metrics);
  const lag = runLag(metrics);
  const deadLetter =
    metrics?.deadLetterRecords ?? latestRun(series, "deadLetter");
  const restarts = metrics?.restarts ?? latestRun(series, "restarts");
  const checkpointAt =
    metrics?.checkpoints.lastCompletedAt ??
    latestRun(series, "lastCheckpointAt");
  const duration =
    metrics?.checkpoints.lastDurationMillis ??
    latestRun(series, "lastCheckpointDurationMs");
  const size =
    metrics?.checkpoints.lastSizeBytes ??
    latestRun(series, "lastCheckpointSizeBytes");
  const uptime = metrics?.uptimeMillis;
  return (
    <dl className="stats" aria-label="Current values">
      <Stat
        id="records-in"
        label="Records in"
        value={formatCount(totals.recordsIn)}
        detail={active ? formatRate(totals.recordsInPerSecond) : undefined}
      />
      <Stat
        id="records-out"
        label="Records out"
        value={formatCount(totals.recordsOut)}
        detail={active ? formatRate(totals.recordsOutPerSecond) : undefined}
      />
      <Stat
        id="lag"
        label="Lag"
        value={lag ? formatCount(lag.value) : "not measured"}
        detail={lag ? lagUnit(lag.field) : undefined}
        quiet={!lag}
      />
      <Stat
        id="dead-letter"
        label="Dead-letter"
        value={formatCount(deadLetter)}
      />
      <Stat id="restarts" label="Restarts" value={formatCount(restarts)} />
      <Stat
        id="checkpoint"
        label="Last checkpoint"
        value={formatAge(checkpointAt, now)}
        detail={
          duration != null || size != null
            ? `${duration != null ? formatMs(duration) : "–"} · ${formatBytes(size)}`
            : undefined
        }
      />
      <Stat
        id="uptime"
        label="Uptime"
        value={uptime != null && active ? formatSpan(uptime) : "–"}
      />
    </dl>
  );
}

interface ChartSpec {
  title: string;
  names: string[];
  columns: Columns;
  format: (v: number) => string;
}

function Charts({
  series,
  range,
}: {
  series: MetricsSeries | null;
  range: RangeKey;
}) {
  const specs = useMemo<ChartSpec[] | null>(() => {
    if (!series) return null;
    const nodes = series.nodes;
    const recordsIn = nodeColumns(nodes, "recordsInRate");
    const recordsOut = nodeColumns(nodes, "recordsOutRate");
    const backPressure = nodeColumns(nodes, "backPressuredMsPerS");
    const list: ChartSpec[] = [
      { title: "Records in per second", ...recordsIn, format: formatRate },
      { title: "Records out per second", ...recordsOut, format: formatRate },
    ];
    for (const field of seriesLagFields(nodes)) {
      list.push({
        title: `Lag (${lagUnit(field)})`,
        ...nodeColumns(nodes, field),
        format: formatCount,
      });
    }
    list.push(
      {
        title: "Dead-letter records",
        names: ["Dead-letter"],
        columns: runColumns(series.run, "deadLetter"),
        format: formatCount,
      },
      {
        title: "Checkpoint duration",
        names: ["Duration"],
        columns: runColumns(series.run, "lastCheckpointDurationMs"),
        format: formatMs,
      },
      {
        title: "Checkpoint size",
        names: ["Size"],
        columns: runColumns(series.run, "lastCheckpointSizeBytes"),
        format: formatBytes,
      },
      {
        title: "Restarts",
        names: ["Restarts"],
        columns: runColumns(series.run, "restarts"),
        format: formatCount,
      },
      {
        title: "Back-pressured ms per second",
        ...backPressure,
        format: formatMs,
      },
    );
    return list;
  }, [series]);

  const spec = RANGES.find((r) => r.key === range) ?? RANGES[0];
  const xRange = useMemo<[number, number] | undefined>(() => {
    if (!series) return undefined;
    const to = seconds(series.to);
    return [to - spec.seconds, to];
  }, [series, spec.seconds]);

  if (!specs) return <p className="muted">Loading metrics…</p>;
  const hasLag = specs.some((s) => s.title.startsWith("Lag"));
  return (
    <div className="charts">
      {specs.map((s) => (
        <TimeChart
          key={s.title}
          title={s.title}
          names={s.names}
          columns={s.columns}
          format={s.format}
          range={xRange}
        />
      ))}
      {!hasLag && (
        <figure className="chart" aria-label="Lag">
          <figcaption className="chart__title">Lag</figcaption>
          <p className="chart__empty muted small">
            Not measured for this pipeline's sources.
          </p>
        </figure>
      )}
      <p className="muted small charts__note">
        Step {series?.step ?? "–"}; rates are averages over each step, counts
        its last value.
      </p>
    </div>
  );
}
