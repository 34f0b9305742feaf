import type { RunState } from '../api/types';

const TONE: Record<RunState, string> = {
  starting: 'busy',
  running: 'good',
  stopping: 'busy',
  stopped: 'neutral',
  failed: 'bad',
  finished: 'neutral',
  lost: 'bad',
};

/** A run state as a coloured pill; `null` means the pipeline never ran (or is not running). */
export function RunStateBadge({ state, idleText, ...rest }: { state: RunState | null; idleText: string } & React.HTMLAttributes<HTMLSpanElement>) {
  const tone = state ? TONE[state] : 'idle';
  return (
    <span className={`badge badge--${tone}`} {...rest}>
      <span className="badge__dot" aria-hidden="true" />
      {state ?? idleText}
    </span>
  );
}
