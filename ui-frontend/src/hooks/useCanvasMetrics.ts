import { useContext } from 'react';
import type { RunMetrics } from '../api/types';
import { LiveMetricsContext } from '../store/liveMetricsContext';

/** The running pipeline's newest metrics on the canvas, or null when it is not running. */
export function useCanvasMetrics(): RunMetrics | null {
  return useContext(LiveMetricsContext);
}
