/**
 * Metrics shaped for the monitoring screens: totals of a run, lag where it is measured, edge
 * counts, problems worth a look, and series in the column form charts draw. Pure, no React.
 */
import type {
  LiveMetrics,
  MetricsSeries,
  NodeMetrics,
  NodeSample,
  PipelineOverview,
  RunMetrics,
  RunSample,
  RunState,
} from '../api/types';

/** Back-pressure (ms per second) above which a node is shown as slowed down by what follows it. */
export const BACK_PRESSURE_THRESHOLD = 500;

export const ACTIVE_STATES: readonly RunState[] = ['starting', 'running', 'stopping'];

export function isActive(state: RunState | undefined | null): boolean {
  return state != null && ACTIVE_STATES.includes(state);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Adds the defined values; undefined when none is. */
function sum(values: (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0) + v;
  return total;
}

const sources = (m: RunMetrics) => m.nodes.filter((n) => n.kind === 'source');
const sinks = (m: RunMetrics) => m.nodes.filter((n) => n.kind === 'sink');

/** What a run read (its sources' output) and delivered (its sinks' input), in total and per second. */
export interface RunTotals {
  recordsIn?: number;
  recordsOut?: number;
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
}

export function runTotals(m: RunMetrics | undefined | null): RunTotals {
  if (!m) return {};
  return {
    recordsIn: sum(sources(m).map((n) => num(n.recordsOut))),
    recordsOut: sum(sinks(m).map((n) => num(n.recordsIn))),
    recordsInPerSecond: sum(sources(m).map((n) => num(n.recordsOutPerSecond))),
    recordsOutPerSecond: sum(sinks(m).map((n) => num(n.recordsInPerSecond))),
  };
}

/** A lag value: the measure's name as the server sends it (`lagRecords`, `lagBytes`, …) and its value. */
export interface Lag {
  field: string;
  value: number;
}

/** The names of a node's lag measures: numeric fields whose name starts with `lag`. */
export function lagFields(node: Record<string, unknown>): string[] {
  return Object.keys(node)
    .filter((k) => /^lag([A-Z_]|$)/.test(k) && num(node[k]) !== undefined)
    .sort();
}

/** The lag of a node, or null when it is not measured. */
export function nodeLag(node: Record<string, unknown>): Lag | null {
  const field = lagFields(node)[0];
  return field ? { field, value: num(node[field]) as number } : null;
}

/** The sources' lag summed per measure; null when no source measures lag. */
export function runLag(m: RunMetrics | undefined | null): Lag | null {
  if (!m) return null;
  const lags = sources(m)
    .map(nodeLag)
    .filter((l): l is Lag => l !== null);
  const first = lags[0];
  if (!first) return null;
  return { field: first.field, value: lags.filter((l) => l.field === first.field).reduce((a, l) => a + l.value, 0) };
}

/** `lagRecords` → `records`, for a label next to the number. */
export function lagUnit(field: string): string {
  const rest = field.replace(/^lag_?/, '');
  return rest ? rest.charAt(0).toLowerCase() + rest.slice(1).replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`) : '';
}

/**
 * Whether lag is growing: the last `window` observations (oldest first) rise and the newest is
 * above the oldest. A flat or falling lag is not a problem, however large.
 */
export function lagGrowing(history: number[], window = 3): boolean {
  const recent = history.slice(-window);
  if (recent.length < window) return false;
  for (let i = 1; i < recent.length; i++) if ((recent[i] as number) < (recent[i - 1] as number)) return false;
  return (recent[recent.length - 1] as number) > (recent[0] as number);
}

export interface EdgeCount {
  records?: number;
  perSecond?: number;
}

/**
 * What flowed along the edge from `from` to `to`: what `from` passed on, or, where that is not
 * measured (a filter chained into another), what reached `to`.
 */
export function edgeCount(m: RunMetrics | undefined | null, from: string, to: string): EdgeCount | null {
  if (!m) return null;
  const a = m.nodes.find((n) => n.nodeId === from);
  const b = m.nodes.find((n) => n.nodeId === to);
  const records = num(a?.recordsOut) ?? num(b?.recordsIn);
  const perSecond = num(a?.recordsOutPerSecond) ?? num(b?.recordsInPerSecond);
  if (records === undefined && perSecond === undefined) return null;
  return { records, perSecond };
}

export function isBackPressured(node: NodeMetrics | undefined): boolean {
  const bp = num(node?.backPressuredMsPerSecond);
  return bp !== undefined && bp > BACK_PRESSURE_THRESHOLD;
}

/** Something on the overview that needs a look. */
export interface Attention {
  kind: 'failed' | 'restarting' | 'schedule' | 'lag-growing';
  text: string;
}

export function attentionOf(p: PipelineOverview, lagHistory: number[] = []): Attention[] {
  const out: Attention[] = [];
  if (p.latestRun?.state === 'failed') {
    out.push({ kind: 'failed', text: p.latestRun.failure ? `Failed: ${p.latestRun.failure}` : 'Failed' });
  }
  if (isActive(p.latestRun?.state) && (p.restartsInWindow ?? 0) > 0) {
    const n = p.restartsInWindow as number;
    out.push({ kind: 'restarting', text: `Restarted ${n} time${n === 1 ? '' : 's'} in the last hour` });
  }
  if (p.schedule?.status === 'needs-attention') {
    out.push({ kind: 'schedule', text: `Schedule needs attention${p.schedule.attention ? `: ${p.schedule.attention}` : ''}` });
  }
  if (isActive(p.latestRun?.state) && lagGrowing(lagHistory)) {
    out.push({ kind: 'lag-growing', text: 'Lag is growing' });
  }
  return out;
}

export type OverviewSortKey = 'name' | 'state' | 'rateIn' | 'rateOut' | 'lag' | 'checkpoint';

/** A row of the overview: the pipeline and what is worked out from it once. */
export interface OverviewRow {
  pipeline: PipelineOverview;
  totals: RunTotals;
  lag: Lag | null;
  attention: Attention[];
}

export function overviewRows(list: PipelineOverview[], lagHistory: Record<string, number[]> = {}): OverviewRow[] {
  return list.map((p) => {
    const live = p.latestRun && p.metrics && isActive(p.latestRun.state) ? p.metrics : undefined;
    return {
      pipeline: p,
      totals: runTotals(live),
      lag: runLag(live),
      attention: attentionOf(p, lagHistory[p.id]),
    };
  });
}

const STATE_ORDER: Record<string, number> = { failed: 0, starting: 1, stopping: 2, running: 3, stopped: 4, finished: 5 };

function sortValue(row: OverviewRow, key: OverviewSortKey): string | number | undefined {
  switch (key) {
    case 'name':
      return row.pipeline.name.toLowerCase();
    case 'state':
      return row.pipeline.latestRun ? (STATE_ORDER[row.pipeline.latestRun.state] ?? 9) : 10;
    case 'rateIn':
      return row.totals.recordsInPerSecond;
    case 'rateOut':
      return row.totals.recordsOutPerSecond;
    case 'lag':
      return row.lag?.value;
    case 'checkpoint':
      return row.pipeline.lastCheckpointAt ? Date.parse(row.pipeline.lastCheckpointAt) : undefined;
  }
}

/**
 * Rows needing attention first, then by `key`; rows without a value for `key` go last whichever
 * the direction, and equal ones keep name order.
 */
export function sortRows(rows: OverviewRow[], key: OverviewSortKey, direction: 'asc' | 'desc'): OverviewRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const problems = Number(b.attention.length > 0) - Number(a.attention.length > 0);
    if (problems !== 0) return problems;
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === undefined && vb !== undefined) return 1;
    if (vb === undefined && va !== undefined) return -1;
    if (va !== undefined && vb !== undefined && va !== vb) return (va < vb ? -1 : 1) * sign;
    return a.pipeline.name.localeCompare(b.pipeline.name);
  });
}

export type StateFilter = 'all' | 'active' | 'problems' | 'idle';

export function filterRows(rows: OverviewRow[], text: string, state: StateFilter): OverviewRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter((r) => {
    if (needle && !r.pipeline.name.toLowerCase().includes(needle) && !(r.pipeline.description ?? '').toLowerCase().includes(needle)) {
      return false;
    }
    switch (state) {
      case 'all':
        return true;
      case 'active':
        return isActive(r.pipeline.latestRun?.state);
      case 'problems':
        return r.attention.length > 0;
      case 'idle':
        return !isActive(r.pipeline.latestRun?.state);
    }
  });
}

/** Columns for a chart: x in seconds since the epoch, then one array per series (null = gap). */
export type Columns = [number[], ...(number | null)[][]];

export interface ChartSeries {
  label: string;
  columns: Columns;
  names: string[];
}

/** Seconds since the epoch of an ISO instant. */
export const seconds = (iso: string) => Date.parse(iso) / 1000;

/** One series per node of `field` over the node samples, on the union of their times. */
export function nodeColumns(nodes: Record<string, NodeSample[]>, field: string, only?: (nodeId: string) => boolean): { names: string[]; columns: Columns } {
  const names = Object.keys(nodes).filter((id) => (only ? only(id) : true) && (nodes[id] ?? []).some((s) => num(s[field]) !== undefined));
  const times = [...new Set(names.flatMap((id) => (nodes[id] ?? []).map((s) => seconds(s.at))))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns: Columns = [times];
  for (const id of names) {
    const values: (number | null)[] = times.map(() => null);
    for (const s of nodes[id] ?? []) {
      const v = num(s[field]);
      const i = index.get(seconds(s.at));
      if (v !== undefined && i !== undefined) values[i] = v;
    }
    columns.push(values);
  }
  return { names, columns };
}

/** A series of a run-level `field`. */
export function runColumns(run: RunSample[], field: keyof RunSample & string): Columns {
  const points = run.filter((s) => num(s[field]) !== undefined);
  return [points.map((s) => seconds(s.at)), points.map((s) => num(s[field]) as number)];
}

/** The names of the lag measures anywhere in a series' node samples. */
export function seriesLagFields(nodes: Record<string, NodeSample[]>): string[] {
  const found = new Set<string>();
  for (const list of Object.values(nodes)) for (const s of list) for (const f of lagFields(s)) found.add(f);
  return [...found].sort();
}

/** A node's live values in the shape of a series sample (the names differ on the wire). */
export function toNodeSample(at: string, n: NodeMetrics): NodeSample {
  const sample: NodeSample = {
    nodeId: n.nodeId,
    at,
    recordsIn: n.recordsIn,
    recordsOut: n.recordsOut,
    recordsInRate: n.recordsInPerSecond,
    recordsOutRate: n.recordsOutPerSecond,
    bytesIn: n.bytesIn,
    bytesOut: n.bytesOut,
    deadLetter: n.deadLetterRecords,
    skipped: n.skippedRecords,
    busyMsPerS: n.busyMsPerSecond,
    backPressuredMsPerS: n.backPressuredMsPerSecond,
  };
  for (const f of lagFields(n)) sample[f] = n[f];
  return sample;
}

export function toRunSample(m: RunMetrics): RunSample {
  return {
    at: m.at,
    checkpointsCompleted: m.checkpoints.completed,
    checkpointsFailed: m.checkpoints.failed,
    checkpointsInProgress: m.checkpoints.inProgress,
    lastCheckpointAt: m.checkpoints.lastCompletedAt,
    lastCheckpointDurationMs: m.checkpoints.lastDurationMillis,
    lastCheckpointSizeBytes: m.checkpoints.lastSizeBytes,
    restarts: m.restarts,
    uptimeMs: m.uptimeMillis,
    deadLetter: m.deadLetterRecords,
  };
}

/**
 * A series with a live value appended (live mode), dropping what is older than `keepSeconds`
 * before the new value. A value of another run, or not newer than the last point, changes nothing.
 */
export function appendLive(series: MetricsSeries, live: LiveMetrics, keepSeconds: number): MetricsSeries {
  const m = live.metrics;
  if (!m || live.runId !== series.runId) return series;
  const at = seconds(m.at);
  const last = series.run[series.run.length - 1];
  if (last && seconds(last.at) >= at) return series;
  const cutoff = at - keepSeconds;
  const nodes: Record<string, NodeSample[]> = {};
  for (const [id, list] of Object.entries(series.nodes)) nodes[id] = list.filter((s) => seconds(s.at) >= cutoff);
  for (const n of m.nodes) nodes[n.nodeId] = [...(nodes[n.nodeId] ?? []), toNodeSample(m.at, n)];
  return {
    ...series,
    to: m.at,
    run: [...series.run.filter((s) => seconds(s.at) >= cutoff), toRunSample(m)],
    nodes,
  };
}

/** The newest value of each series, in words, for screen readers and tests. */
export function chartSummary(names: string[], columns: Columns, format: (v: number) => string): string {
  if (columns[0].length === 0) return 'No values.';
  return names
    .map((name, i) => {
      const values = columns[i + 1] ?? [];
      for (let j = values.length - 1; j >= 0; j--) {
        const v = values[j];
        if (v != null) return `${name}: ${format(v)}`;
      }
      return `${name}: no value`;
    })
    .join('; ');
}

/** The newest value of a run-level field in a series. */
export function latestRun<K extends keyof RunSample>(series: MetricsSeries | null, field: K): RunSample[K] | undefined {
  if (!series) return undefined;
  for (let i = series.run.length - 1; i >= 0; i--) {
    const v = series.run[i]?.[field];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

const COUNT = new Intl.NumberFormat('en-US');
const RATE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatCount(n: number | undefined | null): string {
  return n == null ? '–' : COUNT.format(n);
}

export function formatRate(n: number | undefined | null): string {
  return n == null ? '–' : `${RATE.format(n)}/s`;
}

export function formatBytes(n: number | undefined | null): string {
  if (n == null) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : RATE.format(v)} ${units[u]}`;
}

/** A span in words: `45 s`, `3 min`, `2 h 5 min`, `3 d`. */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** How long ago an instant was: `12 s ago`; `–` when there is none. */
export function formatAge(iso: string | undefined | null, now: number): string {
  if (!iso) return '–';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '–' : `${formatSpan(now - t)} ago`;
}
