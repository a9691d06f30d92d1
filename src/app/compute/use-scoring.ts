/**
 * The back ends and what runs on them: the compute session opened once, the loss of the logits
 * on screen, and the focused row's softmax, normaliser and top tokens. A GPU failure hands over
 * to the CPU (the reducer's 'gpu-failed'); any other failure is the page's error line.
 */
import { useEffect, useState, type Dispatch } from 'react';
import { XentInputError } from '../../errors';
import { currentIntl } from '../i18n/current';
import { STAGES } from '../stages';
import type { AppAction, Backend, Focus, Shown, Source } from '../state';
import { earlyCpu, forgetEarlyCpu, gpuHoldMs, scoreEarly } from './early-cpu';
import { recordModelResult } from './model-results';
import type { RowDetail } from './row-detail';
import { ComputeSession } from './session';

/** An engine failure as a clause: its own sentence when it has one. */
function reasonOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}

/** A failed computation as the reducer's action: WebGPU hands over to the CPU, the CPU reports. */
function failure(backend: Backend, error: unknown): AppAction {
  return backend === 'webgpu'
    ? { type: 'gpu-failed', reason: reasonOf(error) }
    : { type: 'error', message: sentenceOf(error) };
}

/**
 * The page's sentence for a failure: ours as it is (one sentence saying what is wrong and how to
 * fix it), anything else introduced in the page's language (errors.ts' messageOf does the same in
 * English for the command line).
 */
function sentenceOf(error: unknown): string {
  if (error instanceof XentInputError) return error.message;
  return currentIntl().formatMessage(
    {
      id: 'compute.error.unexpected',
      defaultMessage: 'Unexpected error: {reason}',
      description: 'A failure the page did not foresee; reason: the error’s own text (may be English).',
    },
    { reason: reasonOf(error) },
  );
}

/** The back ends, once: the GPU boundary answers "a device" or "no GPU, because …". */
export function useComputeSession(dispatch: Dispatch<AppAction>): ComputeSession | null {
  const [session, setSession] = useState<ComputeSession | null>(null);
  useEffect(() => {
    let live = true;
    let opened: ComputeSession | null = null;
    const onLost = (reason: string) => dispatch({ type: 'gpu-failed', reason });
    const cpu = earlyCpu();
    ComputeSession.open(navigator.gpu, onLost, cpu, gpuHoldMs()).then(({ session, status }) => {
      if (!live) return session.dispose();
      opened = session;
      setSession(session);
      dispatch({ type: 'gpu', status });
    });
    return () => {
      live = false;
      opened?.dispose();
      forgetEarlyCpu(cpu);
    };
  }, [dispatch]);
  return session;
}

/**
 * Score whenever the logits or the back end change; a GPU failure hands over to the CPU. Then a
 * pretrained model's result joins the side-by-side comparison (stage 7).
 */
export function useScore(
  session: ComputeSession | null,
  source: Source | null,
  shown: Shown | null,
  backend: Backend | null,
  dispatch: Dispatch<AppAction>,
): void {
  // Before the session opens (WebGPU still starting), the CPU worker scores the logits at once;
  // the lab stays busy until the back end in use has scored them (the reducer's 'computed', early).
  useEffect(() => {
    if (session || !source || source.resident) return;
    let live = true;
    scoreEarly(source.batch).then(
      (result) => live && dispatch({ type: 'computed', shown: { result, source }, early: true }),
      () => undefined, // the session's own scoring reports failures
    );
    return () => {
      live = false;
    };
  }, [session, source, dispatch]);

  useEffect(() => {
    if (!session || !source || !backend) return;
    // Logits that live on the GPU are scored there; on the CPU the model runs again
    // (use-wanted-source.ts).
    if (source.resident) {
      if (backend !== 'webgpu') return;
      session.adopt(source.batch, source.resident);
    }
    let live = true;
    dispatch({ type: 'computing' });
    session.score(source.batch, backend).then(
      (result) => live && dispatch({ type: 'computed', shown: { result, source } }),
      (error: unknown) => live && dispatch(failure(backend, error)),
    );
    return () => {
      live = false;
    };
  }, [session, source, backend, dispatch]);

  // A pretrained model's result joins the side-by-side comparison (stage 7).
  useEffect(() => {
    if (shown) recordModelResult(shown);
  }, [shown]);
}

/**
 * The focused row's softmax, normaliser and top tokens, for the logits and softmax stages: null
 * until the first is computed. `stage`: the stage on screen (0-based).
 */
export function useRowDetail(
  session: ComputeSession | null,
  shown: Shown | null,
  backend: Backend | null,
  focus: Focus,
  stage: number,
  dispatch: Dispatch<AppAction>,
): RowDetail | null {
  const [row, setRow] = useState<RowDetail | null>(null);
  const { b: focusB, t: focusT } = focus;
  // Only while a stage that draws the row is on screen: on the others a new result (a slider
  // move) would otherwise start four more GPU round trips, or a softmax of V on this thread.
  const drawsRow = STAGES[stage]?.drawsRow === true;
  useEffect(() => {
    if (!session || !shown || !backend || !drawsRow) return;
    if (shown.source.resident && backend !== 'webgpu') return;
    const [B, T] = shown.result.shape;
    if (focusB >= B || focusT >= T) return;
    let live = true;
    session.rowDetail(shown.source.batch, focusB, focusT, backend).then(
      (detail) => live && setRow(detail),
      (error: unknown) => live && dispatch(failure(backend, error)),
    );
    return () => {
      live = false;
    };
  }, [session, shown, backend, focusB, focusT, drawsRow, dispatch]);
  return row;
}
