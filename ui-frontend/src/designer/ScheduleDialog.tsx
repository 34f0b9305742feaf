import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Schedule, ScheduleKind, ScheduledRun } from '../api/types';
import { RunStateBadge } from '../components/RunStateBadge';
import { useFireTimePreview } from '../hooks/useFireTimePreview';
import { Dialog } from '../components/Dialog';
import { ProblemNotice } from '../components/ProblemNotice';
import { useDesigner } from '../hooks/useDesigner';
import {
  CONTINUOUS_DEFAULTS,
  type ScheduleForm,
  formFromSchedule,
  formatFireTime,
  formatRecords,
  formatRunTime,
  scheduleBody,
  scheduleZone,
  statusText,
} from '../model/schedule';
import { asApiError } from '../store/notices';

const KINDS: { value: ScheduleKind; label: string }[] = [
  { value: 'continuous', label: 'Continuous: keep it running' },
  { value: 'cron', label: 'Cron: run in windows' },
  { value: 'backfill', label: 'Backfill: run once to the end' },
];

/**
 * The pipeline's schedule: what it is and when it fires next, a form to create or replace it,
 * and pause, resume and delete. Every failed call shows its problem document here.
 */
export function ScheduleDialog({ onClose }: { onClose: () => void }) {
  const pipelineId = useDesigner((s) => s.pipelineId);
  /** `undefined` while loading, `null` when the pipeline has no schedule. */
  const [schedule, setSchedule] = useState<Schedule | null | undefined>(undefined);
  const [form, setForm] = useState<ScheduleForm>(() => formFromSchedule(null));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const kindId = useId();
  const cronId = useId();
  const [history, setHistory] = useState<ScheduledRun[] | null>(null);
  const { preview, problem } = useFireTimePreview(pipelineId, form.cron, form.timeZone, form.kind === 'cron');

  // The runs the schedule started: asked again whenever the schedule changes.
  useEffect(() => {
    if (!schedule) return; // nothing to show: the history is rendered with a schedule only
    const controller = new AbortController();
    api.scheduleRuns(pipelineId, controller.signal).then(
      (runs) => setHistory(runs),
      (e: unknown) => {
        if (!controller.signal.aborted) setError(asApiError(e));
      },
    );
    return () => controller.abort();
  }, [pipelineId, schedule]);

  useEffect(() => {
    const controller = new AbortController();
    api.schedule(pipelineId, controller.signal).then(
      (s) => {
        setSchedule(s);
        setForm(formFromSchedule(s));
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.status === 404) setSchedule(null);
        else setError(asApiError(e));
      },
    );
    return () => controller.abort();
  }, [pipelineId]);

  const act = async (call: () => Promise<Schedule | undefined>) => {
    setBusy(true);
    setError(null);
    try {
      const s = (await call()) ?? null;
      setSchedule(s);
      setForm(formFromSchedule(s));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = scheduleBody(form);
    void act(() => (schedule ? api.updateSchedule(pipelineId, body) : api.createSchedule(pipelineId, body)));
  };

  const set = (name: keyof ScheduleForm) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: e.target.value }));

  const text = (name: keyof ScheduleForm, label: string, placeholder?: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input className="input" value={form[name]} placeholder={placeholder} onChange={set(name)} />
    </label>
  );

  return (
    <Dialog title="Schedule" onClose={onClose} wide>
      {schedule === undefined && !error && <p className="muted">Loading…</p>}
      {schedule === null && <p className="muted">No schedule: the pipeline starts and stops only by hand.</p>}
      {schedule && <ScheduleSummary schedule={schedule} />}
      {schedule !== undefined && (
        <form onSubmit={submit} className="form" aria-label="Schedule settings">
          <div className="field">
            {/* Not wrapping the select: its options would become part of the label's text. */}
            <label className="field__label" htmlFor={kindId}>
              Kind
            </label>
            <select id={kindId} className="input" value={form.kind} onChange={set('kind')}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          {form.kind === 'cron' && (
            <>
              <div className="field">
                <label className="field__label" htmlFor={cronId}>
                  Cron expression
                </label>
                <input
                  id={cronId}
                  className="input"
                  value={form.cron}
                  placeholder="minute hour day month weekday, e.g. 0 2 * * *"
                  onChange={set('cron')}
                  aria-invalid={problem?.field === 'cron' ? true : undefined}
                  aria-describedby={problem?.field === 'cron' ? `${cronId}-problem` : undefined}
                />
                {problem?.field === 'cron' && (
                  <p className="field__message" id={`${cronId}-problem`}>
                    {problem.message}
                  </p>
                )}
              </div>
              {text('timeZone', 'Time zone', 'UTC')}
              {problem && problem.field !== 'cron' && <p className="field__message">{problem.message}</p>}
              {preview && (
                <div className="schedule-preview">
                  <p className="muted small">{preview.description}</p>
                  <ol className="schedule-summary__times" aria-label="Next runs preview">
                    {preview.fireTimes.map((t) => (
                      <li key={t.at}>
                        <time dateTime={t.at}>{formatFireTime(t.at, preview.timeZone)}</time>
                      </li>
                    ))}
                  </ol>
                </div>
              )}
              {text('runFor', 'Run for', 'e.g. 1h or 30m')}
              {text('stopWhenIdle', 'Stop when idle for', 'optional, e.g. 5m')}
            </>
          )}
          {form.kind === 'continuous' && (
            <>
              {text('maxFailures', 'Max failures', CONTINUOUS_DEFAULTS.maxFailures)}
              {text('failureWindow', 'Failure window', CONTINUOUS_DEFAULTS.failureWindow)}
              {text('initialBackoff', 'Initial back-off', CONTINUOUS_DEFAULTS.initialBackoff)}
              {text('maxBackoff', 'Max back-off', CONTINUOUS_DEFAULTS.maxBackoff)}
            </>
          )}
          {form.kind === 'backfill' && <p className="muted small">Runs the latest version once over what its sources hold now.</p>}
          {error && <ProblemNotice error={error} />}
          <div className="dialog__actions">
            {schedule && (
              <>
                <button
                  type="button"
                  className="button button--danger"
                  disabled={busy}
                  onClick={() => void act(async () => (await api.deleteSchedule(pipelineId), undefined))}
                >
                  Delete schedule
                </button>
                {schedule.paused ? (
                  <button type="button" className="button" disabled={busy} onClick={() => void act(() => api.resumeSchedule(pipelineId))}>
                    Resume
                  </button>
                ) : (
                  <button type="button" className="button" disabled={busy} onClick={() => void act(() => api.pauseSchedule(pipelineId))}>
                    Pause
                  </button>
                )}
              </>
            )}
            <button type="submit" className="button button--primary" disabled={busy}>
              Save schedule
            </button>
          </div>
        </form>
      )}
      {schedule === undefined && error && <ProblemNotice error={error} />}
      {schedule && history && <RunHistory runs={history} />}
    </Dialog>
  );
}

/** Every run the schedule started: when, how it ended, how many records, and why it failed. */
function RunHistory({ runs }: { runs: ScheduledRun[] }) {
  return (
    <section aria-label="Run history">
      <h3>Run history</h3>
      {runs.length === 0 ? (
        <p className="muted small">The schedule has not started a run yet.</p>
      ) : (
        <table className="table table--compact" aria-label="Runs of the schedule">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">Outcome</th>
              <th scope="col">Records in</th>
              <th scope="col">Records out</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{formatRunTime(run.createdAt)}</td>
                <td>{run.endedAt ? formatRunTime(run.endedAt) : '—'}</td>
                <td>
                  <RunStateBadge state={run.state} idleText="" />
                  {run.failure && (
                    <div className="small text-bad" title={run.failure}>
                      {run.failure}
                    </div>
                  )}
                </td>
                <td>{formatRecords(run.recordsIn)}</td>
                <td>{formatRecords(run.recordsOut)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ScheduleSummary({ schedule }: { schedule: Schedule }) {
  const zone = scheduleZone(schedule);
  const times = schedule.nextFireTimes ?? [];
  return (
    <section className="schedule-summary" aria-label="Current schedule">
      <dl className="schedule-summary__facts">
        <dt>Kind</dt>
        <dd>{schedule.kind}</dd>
        <dt>Status</dt>
        <dd>
          <span className="tag" role="status" aria-label="Schedule status">
            {statusText(schedule)}
          </span>
        </dd>
        {schedule.description && (
          <>
            <dt>What it does</dt>
            <dd>{schedule.description}</dd>
          </>
        )}
      </dl>
      {schedule.attention && (
        <div className="notice notice--warning" role="alert">
          <div className="notice__text">
            <strong>Needs attention</strong>
            <p>{schedule.attention}</p>
          </div>
        </div>
      )}
      {times.length > 0 && (
        <>
          <h3>Next fire times</h3>
          <ol className="schedule-summary__times" aria-label="Next fire times">
            {times.map((at) => (
              <li key={at}>
                <time dateTime={at}>{formatFireTime(at, zone)}</time>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
