/**
 * Computing for a control that moves faster than the back end answers (a dragged logit, the
 * temperature slider): only the newest request runs next, one at a time, so a burst of pointer
 * or key events costs one computation per answer, never a queue. Also the one place these panels
 * choose a back end: the engine (session.gpu) when WebGPU is the back end, raced against
 * session.lost, else the CPU; a GPU failure is answered by the CPU with its reason.
 */
import { useEffect, useRef, useState } from 'react';
import { EngineError } from '../../engine';
import type { XentResult } from '../../math';
import type { ComputeSession } from '../compute/session';
import { currentIntl } from '../i18n/current';
import type { Backend } from '../state';

/**
 * Which back end computed a value, and why the CPU when it was not the reader's choice: `why` is
 * the engine's sentence (EngineError), or with `gpuFailed` the text of another GPU failure.
 */
export type ComputedOn = { kind: 'webgpu' } | { kind: 'cpu'; why: string | null; gpuFailed?: boolean };

export interface Keyed {
  /** Identifies what was asked; an answer is current when its key is the latest request's. */
  key: string;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Computes with `gpu` when `backend` is WebGPU and the device lives, else with
 * `cpu` (the math module in this thread, or the CPU worker). Never rejects for a GPU failure: the
 * CPU answers instead and `on.why` says what happened.
 */
export async function computeOn(
  session: ComputeSession,
  backend: Backend,
  gpu: () => Promise<XentResult>,
  cpu: () => XentResult | Promise<XentResult>,
): Promise<{ result: XentResult; on: ComputedOn }> {
  const engine = session.gpu;
  if (backend === 'webgpu' && engine && !engine.isLost) {
    try {
      const work = gpu();
      const lost = session.lost;
      const result = await (lost ? Promise.race([work, lost]) : work);
      return { result, on: { kind: 'webgpu' } };
    } catch (error) {
      const on: ComputedOn =
        error instanceof EngineError
          ? { kind: 'cpu', why: error.message }
          : { kind: 'cpu', why: messageOf(error), gpuFailed: true };
      return { result: await cpu(), on };
    }
  }
  return { result: await cpu(), on: { kind: 'cpu', why: null } };
}

/**
 * The answer to the latest request: `compute` runs for the newest request only, one at a time.
 * The returned answer may belong to an older request (compare keys); `error` is the last
 * failure's sentence, cleared by the next success.
 */
export function useLatest<R extends Keyed, A extends Keyed>(
  request: R | null,
  compute: (request: R) => Promise<A>,
): { answer: A | null; error: string | null; busy: boolean } {
  const [answer, setAnswer] = useState<A | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<R | null>(null);
  const running = useRef(false);
  const alive = useRef(true);
  // The newest request and compute function, kept current after every render (before the
  // keyed effect below runs), so a new request object with the same key asks nothing again.
  const latestRequest = useRef(request);
  const latestCompute = useRef(compute);
  useEffect(() => {
    latestRequest.current = request;
    latestCompute.current = compute;
  });

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const key = request?.key ?? null;
  useEffect(() => {
    const request = latestRequest.current;
    if (key === null || !request) return;
    pending.current = request;
    if (running.current) return;
    running.current = true;
    setBusy(true);
    void (async () => {
      while (pending.current && alive.current) {
        const r = pending.current;
        pending.current = null;
        try {
          const a = await latestCompute.current(r);
          if (alive.current) {
            setAnswer(a);
            setError(null);
          }
        } catch (e) {
          if (alive.current) setError(messageOf(e));
        }
      }
      running.current = false;
      if (alive.current) setBusy(false);
    })();
  }, [key]);

  return { answer, error, busy };
}

/** "Computed on WebGPU." or "Computed on the CPU (the GPU failed (…))." in the page's language. */
export function computedOnText(on: ComputedOn): string {
  const intl = currentIntl();
  if (on.kind === 'webgpu')
    return intl.formatMessage({
      id: 'drag.computed.webgpu',
      defaultMessage: 'Computed on WebGPU by the engine.',
    });
  if (on.gpuFailed)
    return intl.formatMessage(
      {
        id: 'drag.computed.cpu.failed',
        defaultMessage: 'Computed on the CPU (the GPU failed ({error})).',
        description: '{error} is the browser’s error text, in English.',
      },
      { error: on.why ?? '' },
    );
  if (on.why)
    return intl.formatMessage(
      {
        id: 'drag.computed.cpu.engine',
        defaultMessage: 'Computed on the CPU ({reason}).',
        description:
          '{reason} is the GPU engine’s own sentence saying why it could not compute, without its full stop.',
      },
      { reason: on.why.replace(/\.$/, '') },
    );
  return intl.formatMessage({
    id: 'drag.computed.cpu',
    defaultMessage: 'Computed on the CPU by the math module.',
    description: 'The math module: the page’s own JavaScript implementation of the computation.',
  });
}
