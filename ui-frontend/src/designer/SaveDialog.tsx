import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { Dialog } from '../components/Dialog';
import { ProblemNotice } from '../components/ProblemNotice';
import type { useSaveVersion } from '../hooks/useSaveVersion';
import { useDesignerStoreApi } from '../store/context';
import { reportError } from '../store/notices';

type Saver = ReturnType<typeof useSaveVersion>;

/** Asks for a message and saves a new version; shows a stale-version conflict and its two ways out. */
export function SaveDialog({ saver, onClose }: { saver: Saver; onClose: () => void }) {
  const store = useDesignerStoreApi();
  const [message, setMessage] = useState('');
  const { busy, error, conflict, save } = saver;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await save(message)) onClose();
  };

  const overwrite = async () => {
    if (conflict?.currentVersion !== undefined && (await save(message, { overwrite: conflict.currentVersion }))) onClose();
  };

  const loadLatest = async () => {
    try {
      const pipeline = await api.pipeline(store.getState().pipelineId);
      store.getState().load(pipeline);
      onClose();
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <Dialog title="Save version" onClose={onClose}>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span className="field__label">Message</span>
          <input
            className="input"
            value={message}
            placeholder="What changed, in a few words"
            onChange={(e) => setMessage(e.target.value)}
            maxLength={500}
          />
        </label>
        {conflict && (
          <div className="notice notice--warning" role="alert">
            <div className="notice__text">
              <strong>Not saved: this pipeline changed since you opened it</strong>
              <p>
                You edited version {conflict.baseVersion}, but version {conflict.currentVersion ?? 'a newer one'} has been saved since.{' '}
                {conflict.detail}
              </p>
              <div className="notice__actions">
                {conflict.currentVersion !== undefined && (
                  <button type="button" className="button button--danger" onClick={overwrite} disabled={busy}>
                    Save mine over version {conflict.currentVersion}
                  </button>
                )}
                <button type="button" className="button" onClick={loadLatest} disabled={busy}>
                  Discard mine and load the latest
                </button>
              </div>
            </div>
          </div>
        )}
        {error && <ProblemNotice error={error} />}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            Save version
          </button>
        </div>
      </form>
    </Dialog>
  );
}
