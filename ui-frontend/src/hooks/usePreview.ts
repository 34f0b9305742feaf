import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { PreviewResult } from '../api/types';
import type { PipelineDocument } from '../model/document';

/** The most characters of a sample file, as the server allows. */
export const MAX_SAMPLE_CHARS = 512 * 1024;
export const DEFAULT_PREVIEW_LIMIT = 100;
export const MAX_PREVIEW_LIMIT = 10_000;

export interface Sample {
  name: string;
  text: string;
}

export interface Preview {
  result: PreviewResult | null;
  error: ApiError | null;
  busy: boolean;
  limit: number;
  samples: Record<string, Sample>;
  setLimit(limit: number): void;
  /** Reads `file` as the sample of a file-directory node; null removes it. */
  setSample(nodeId: string, file: File | null): Promise<void>;
  /** `secretsOf`: the saved pipeline whose stored secrets stand in for the document's `{ set: true }`. */
  run(doc: PipelineDocument, secretsOf?: string): Promise<void>;
}

/** A preview of the document being edited: its options, samples, the answer and its failure. */
export function usePreview(): Preview {
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [limit, setLimit] = useState(DEFAULT_PREVIEW_LIMIT);
  const [samples, setSamples] = useState<Record<string, Sample>>({});
  const inFlight = useRef<AbortController | null>(null);

  useEffect(() => () => inFlight.current?.abort(), []);

  const setSample = useCallback(async (nodeId: string, file: File | null) => {
    if (!file) {
      setSamples(({ [nodeId]: _gone, ...rest }) => rest);
      return;
    }
    const text = await readText(file);
    if (text.length > MAX_SAMPLE_CHARS) {
      setError(
        new ApiError(0, {
          title: 'Sample too large',
          detail: `${file.name} has ${text.length.toLocaleString()} characters; a sample may have at most ${MAX_SAMPLE_CHARS.toLocaleString()}.`,
        }),
      );
      return;
    }
    setSamples((s) => ({ ...s, [nodeId]: { name: file.name, text } }));
  }, []);

  const run = useCallback(
    async (doc: PipelineDocument, secretsOf?: string) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setBusy(true);
      setError(null);
      const present = new Set((doc.nodes ?? []).map((n) => n.id));
      const sent = Object.fromEntries(Object.entries(samples).filter(([id]) => present.has(id)).map(([id, s]) => [id, s.text]));
      try {
        const answer = await api.preview(
          {
            document: doc,
            limit,
            ...(secretsOf ? { secretsOf } : {}),
            ...(Object.keys(sent).length > 0 ? { samples: sent } : {}),
          },
          controller.signal,
        );
        setResult(answer);
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setResult(null);
        setError(e instanceof ApiError ? e : new ApiError(0, { title: 'Preview failed', detail: String(e) }));
      } finally {
        if (inFlight.current === controller) {
          inFlight.current = null;
          setBusy(false);
        }
      }
    },
    [limit, samples],
  );

  return { result, error, busy, limit, samples, setLimit, setSample, run };
}

/** The file's text, read as UTF-8 (FileReader rather than Blob.text, which older engines lack). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} cannot be read`));
    reader.readAsText(file);
  });
}
