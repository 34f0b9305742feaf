import { describe, expect, it } from 'vitest';
import type { MetricsSeries, NodeMetrics, PipelineOverview, RunMetrics } from '../api/types';
import {
  appendLive,
  attentionOf,
  edgeCount,
  filterRows,
  formatAge,
  formatBytes,
  isBackPressured,
  lagGrowing,
  lagUnit,
  nodeColumns,
  overviewRows,
  runLag,
  runTotals,
  sortRows,
} from './metrics';

function node(nodeId: string, kind: string, values: Partial<NodeMetrics> = {}): NodeMetrics {
  return { nodeId, kind, ...values };
}

function metrics(nodes: NodeMetrics[], at = '2026-03-01T10:00:05Z'): RunMetrics {
  return { at, jobId: 'j', nodes, checkpoints: { completed: 2 }, restarts: 0 };
}

function pipeline(name: string, values: Partial<PipelineOverview> = {}): PipelineOverview {
  return { id: name, name, latestVersion: 1, throughput: [], ...values };
}

describe('run totals', () => {
  it('sums what the sources read and what the sinks received, ignoring what is not measured', () => {
    const m = metrics([
      node('a', 'source', { recordsOut: 10, recordsOutPerSecond: 2 }),
      node('b', 'source', { recordsOut: 5 }),
      node('f', 'filter', { recordsIn: 15, recordsOut: 7 }),
      node('db', 'sink', { recordsIn: 7, recordsInPerSecond: 1.5 }),
    ]);
    expect(runTotals(m)).toEqual({ recordsIn: 15, recordsOut: 7, recordsInPerSecond: 2, recordsOutPerSecond: 1.5 });
    expect(runTotals(null)).toEqual({});
  });
});

describe('lag', () => {
  it('is not measured until a source carries a lag field, then sums the sources', () => {
    expect(runLag(metrics([node('a', 'source', { recordsOut: 1 })]))).toBeNull();
    const m = metrics([
      node('a', 'source', { lagRecords: 40 }),
      node('b', 'source', { lagRecords: 2 }),
      node('db', 'sink', { lagRecords: 1000 }),
    ]);
    expect(runLag(m)).toEqual({ field: 'lagRecords', value: 42 });
    expect(lagUnit('lagRecords')).toBe('records');
    expect(lagUnit('lagWalBytes')).toBe('wal bytes');
  });

  it('grows only when the last observations rise', () => {
    expect(lagGrowing([1, 2, 3])).toBe(true);
    expect(lagGrowing([5, 5, 6])).toBe(true);
    expect(lagGrowing([3, 2, 4])).toBe(false);
    expect(lagGrowing([9, 9, 9])).toBe(false);
    expect(lagGrowing([1, 2])).toBe(false);
  });
});

describe('the canvas', () => {
  it('counts an edge by what its start passed on, or else by what reached its end', () => {
    const m = metrics([
      node('gen', 'source', { recordsOut: 100, recordsOutPerSecond: 10 }),
      node('keep', 'filter', { recordsIn: 100 }),
      node('more', 'filter', { recordsIn: 50, recordsOut: 20 }),
    ]);
    expect(edgeCount(m, 'gen', 'keep')).toEqual({ records: 100, perSecond: 10 });
    expect(edgeCount(m, 'keep', 'more')).toEqual({ records: 50, perSecond: undefined });
    expect(edgeCount(m, 'more', 'nowhere')).toEqual({ records: 20, perSecond: undefined });
    expect(edgeCount(null, 'gen', 'keep')).toBeNull();
  });

  it('marks a node back-pressured above 500 ms per second', () => {
    expect(isBackPressured(node('a', 'source', { backPressuredMsPerSecond: 501 }))).toBe(true);
    expect(isBackPressured(node('a', 'source', { backPressuredMsPerSecond: 500 }))).toBe(false);
    expect(isBackPressured(node('a', 'filter'))).toBe(false);
  });
});

describe('the overview', () => {
  const running = pipeline('beta', {
    latestRun: { id: 'r1', state: 'running', version: 1 },
    metrics: metrics([node('a', 'source', { recordsOutPerSecond: 50 }), node('db', 'sink', { recordsInPerSecond: 40 })]),
    lastCheckpointAt: '2026-03-01T10:00:00Z',
    restartsInWindow: 0,
  });
  const failed = pipeline('zeta', { latestRun: { id: 'r2', state: 'failed', version: 1, failure: 'disk full' } });
  const restarting = pipeline('gamma', { latestRun: { id: 'r3', state: 'running', version: 2 }, restartsInWindow: 2 });
  const stuck = pipeline('delta', { schedule: { kind: 'continuous', status: 'needs-attention', paused: false, attention: 'gave up after 5 failures' } });
  const idle = pipeline('alpha');

  it('says what needs attention', () => {
    expect(attentionOf(failed).map((a) => a.text)).toEqual(['Failed: disk full']);
    expect(attentionOf(restarting).map((a) => a.kind)).toEqual(['restarting']);
    expect(attentionOf(stuck)[0]?.text).toBe('Schedule needs attention: gave up after 5 failures');
    expect(attentionOf(running, [1, 2, 3]).map((a) => a.kind)).toEqual(['lag-growing']);
    expect(attentionOf(running, [3, 2, 1])).toEqual([]);
    expect(attentionOf(idle)).toEqual([]);
  });

  it('puts problems first, then sorts by the column, pipelines without a value last', () => {
    const rows = overviewRows([running, failed, restarting, stuck, idle]);
    expect(sortRows(rows, 'name', 'asc').map((r) => r.pipeline.name)).toEqual(['delta', 'gamma', 'zeta', 'alpha', 'beta']);
    expect(sortRows(rows, 'name', 'desc').map((r) => r.pipeline.name)).toEqual(['zeta', 'gamma', 'delta', 'beta', 'alpha']);
    expect(sortRows(rows, 'rateIn', 'desc').map((r) => r.pipeline.name).slice(3)).toEqual(['beta', 'alpha']);
    expect(rows.find((r) => r.pipeline.name === 'beta')?.totals.recordsInPerSecond).toBe(50);
  });

  it('filters by name and by state', () => {
    const rows = overviewRows([running, failed, restarting, stuck, idle]);
    expect(filterRows(rows, 'ET', 'all').map((r) => r.pipeline.name)).toEqual(['beta', 'zeta']);
    expect(filterRows(rows, '', 'active').map((r) => r.pipeline.name)).toEqual(['beta', 'gamma']);
    expect(filterRows(rows, '', 'problems').map((r) => r.pipeline.name)).toEqual(['zeta', 'gamma', 'delta']);
    expect(filterRows(rows, '', 'idle').map((r) => r.pipeline.name)).toEqual(['zeta', 'delta', 'alpha']);
  });
});

describe('series', () => {
  const series: MetricsSeries = {
    runId: 'r1',
    from: '2026-03-01T10:00:00Z',
    to: '2026-03-01T10:00:10Z',
    step: '5s',
    resolution: '5s',
    run: [
      { at: '2026-03-01T10:00:00Z', deadLetter: 0 },
      { at: '2026-03-01T10:00:05Z', deadLetter: 1 },
    ],
    nodes: {
      gen: [
        { nodeId: 'gen', at: '2026-03-01T10:00:00Z', recordsOutRate: 10 },
        { nodeId: 'gen', at: '2026-03-01T10:00:05Z', recordsOutRate: 12 },
      ],
      db: [{ nodeId: 'db', at: '2026-03-01T10:00:05Z', recordsInRate: 11 }],
    },
  };

  it('lines nodes up on the union of their times, with gaps where a node has no value', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z') / 1000;
    expect(nodeColumns(series.nodes, 'recordsOutRate')).toEqual({ names: ['gen'], columns: [[t0, t0 + 5], [10, 12]] });
    expect(nodeColumns(series.nodes, 'recordsInRate').columns).toEqual([[t0 + 5], [11]]);
  });

  it('appends a live value of the same run under the series names, dropping what is too old', () => {
    const live = {
      pipelineId: 'p',
      runId: 'r1',
      state: 'running' as const,
      metrics: { ...metrics([node('gen', 'source', { recordsOutPerSecond: 14, lagRecords: 3 })], '2026-03-01T10:00:12Z'), deadLetterRecords: 2 },
    };
    const next = appendLive(series, live, 10);
    expect(next.nodes.gen?.map((s) => s.recordsOutRate)).toEqual([12, 14]);
    expect(next.nodes.gen?.[1]?.lagRecords).toBe(3);
    expect(next.run.map((s) => s.deadLetter)).toEqual([1, 2]);
    expect(next.to).toBe('2026-03-01T10:00:12Z');
    expect(appendLive(series, { ...live, runId: 'other' }, 10)).toBe(series);
    expect(appendLive(next, live, 10)).toBe(next);
  });
});

describe('formats', () => {
  it('writes ages and sizes for people', () => {
    const now = Date.parse('2026-03-01T10:05:00Z');
    expect(formatAge('2026-03-01T10:04:48Z', now)).toBe('12 s ago');
    expect(formatAge('2026-03-01T07:00:00Z', now)).toBe('3 h 5 min ago');
    expect(formatAge(undefined, now)).toBe('–');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(512)).toBe('512 B');
  });
});
