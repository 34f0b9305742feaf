import { createContext } from 'react';
import type { RunMetrics } from '../api/types';

/**
 * The newest metrics of the open pipeline's run while it is active, for the canvas's edges and
 * nodes; null when it is not running. Kept apart from the designer store: it is not part of the
 * document, and it changes every few seconds without being an edit.
 */
export const LiveMetricsContext = createContext<RunMetrics | null>(null);
