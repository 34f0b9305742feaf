import { memo, useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type Columns, chartSummary } from '../model/metrics';

/** Series colours, in order; the first matches the accent. */
const PALETTE = ['#2563eb', '#0e7490', '#b45309', '#7c3aed', '#15803d', '#be185d', '#4b5563', '#c2410c'];

/** Whether this browser can run uPlot: a 2D canvas and matchMedia (jsdom, for one, has neither). */
function canDraw(): boolean {
  try {
    return typeof window.matchMedia === 'function' && !!document.createElement('canvas').getContext('2d');
  } catch {
    return false;
  }
}

export interface TimeChartProps {
  /** The chart's accessible name and caption. */
  title: string;
  names: string[];
  columns: Columns;
  /** Formats a y value for the axis and the legend. */
  format: (v: number) => string;
  height?: number;
  /** A sparkline: no axes, legend or cursor. */
  compact?: boolean;
  /** The x range in seconds since the epoch; the data's own range when absent. */
  range?: [number, number];
}

/**
 * A time-series chart drawn by uPlot on a canvas. uPlot is loaded on first use, so pages without
 * charts do not carry it; the chart follows its container's width.
 */
export const TimeChart = memo(function TimeChart({ title, names, columns, format, height = 180, compact = false, range }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = `${names.join('\u0000')}|${compact}|${height}`;
  const latest = useRef({ columns, range, format });
  useEffect(() => {
    latest.current = { columns, range, format };
  });

  // (Re)build the chart when its series change; data alone only calls setData below.
  useEffect(() => {
    const element = box.current;
    if (!element || !canDraw()) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed) return;
      const fmt = (v: number | null) => (v == null ? '–' : latest.current.format(v));
      const options: uPlot.Options = {
        width: Math.max(element.clientWidth, 60),
        height,
        legend: { show: !compact },
        cursor: compact ? { show: false } : { drag: { x: false, y: false } },
        padding: compact ? [2, 0, 2, 0] : [8, 12, 0, 0],
        scales: {
          x: { time: true, range: (_u, min, max) => latest.current.range ?? [min, max] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: compact
          ? [{ show: false }, { show: false }]
          : [
              { stroke: '#5b6475', grid: { stroke: '#e2e5ea' }, ticks: { stroke: '#e2e5ea' } },
              { stroke: '#5b6475', grid: { stroke: '#e2e5ea' }, ticks: { stroke: '#e2e5ea' }, size: 80, values: (_u, vals) => vals.map((v) => fmt(v)) },
            ],
        series: [
          {},
          ...names.map((name, i) => ({
            label: name,
            stroke: PALETTE[i % PALETTE.length],
            width: compact ? 1.25 : 1.5,
            fill: compact ? 'rgba(37, 99, 235, 0.08)' : undefined,
            spanGaps: false,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => fmt(v),
          })),
        ],
      };
      plot.current = new UPlot(options, latest.current.columns as uPlot.AlignedData, element);
      observer = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(element.clientWidth, 60), height }));
      observer.observe(element);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // `shape` stands for names, compact and height.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(columns as uPlot.AlignedData);
  }, [columns, range]);

  const empty = columns[0].length === 0 || names.length === 0;
  return (
    <figure className={`chart${compact ? ' chart--compact' : ''}`} aria-label={title}>
      {!compact && <figcaption className="chart__title">{title}</figcaption>}
      <div ref={box} className="chart__plot" style={{ minHeight: height }} />
      {empty && !compact && <p className="chart__empty muted small">No values in this range.</p>}
      <p className="visually-hidden">{chartSummary(names, columns, format)}</p>
    </figure>
  );
});
