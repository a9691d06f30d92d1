/**
 * The model's hints for "You are the model": its TOP_K = 10 most likely tokens at one position,
 * asked the way the logits and softmax stages ask for a row (session.rowDetail: the engine's
 * top-k kernel on WebGPU, the float64 CPU twin otherwise), only when the student asks for them.
 */
import { useEffect, useState } from 'react';
import type { LogitsBatch } from '../../math';
import { rowDetailCpu, type TopToken } from '../compute/row-detail';
import type { ComputeSession } from '../compute/session';
import type { Backend } from '../state';
import type { GamePosition } from './game-model';

interface Answer {
  batch: LogitsBatch;
  row: number;
  /** null: the back end could not give them (logits on a GPU that no longer answers). */
  top: TopToken[] | null;
}

/**
 * The model's top tokens at `position` of `batch` once `wanted`, most likely first (ties to the
 * smaller id); undefined while they are computed (or not wanted), null when they cannot be had.
 */
export function useModelTop(
  batch: LogitsBatch,
  position: GamePosition | null,
  wanted: boolean,
  session: ComputeSession | null,
  backend: Backend | null,
): TopToken[] | null | undefined {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const b = position?.b ?? -1;
  const t = position?.t ?? -1;
  const row = position?.row ?? -1;
  useEffect(() => {
    if (!wanted || row < 0) return;
    let live = true;
    const asked = session
      ? session.rowDetail(batch, b, t, backend ?? 'cpu')
      : Promise.resolve().then(() => rowDetailCpu(batch, b, t));
    asked.then(
      // No top tokens: the CPU answered for logits it does not have (they are on the GPU only).
      (detail) => live && setAnswer({ batch, row, top: detail.top.length > 0 ? detail.top : null }),
      () => live && setAnswer({ batch, row, top: null }),
    );
    return () => {
      live = false;
    };
  }, [wanted, session, backend, batch, b, t, row]);
  return wanted && answer && answer.batch === batch && answer.row === row ? answer.top : undefined;
}
