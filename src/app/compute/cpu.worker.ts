/**
 * The CPU path off the main thread: a (B, T, V) batch in, its XentResult out, so a large input
 * never freezes the page. The batch is validated again here (makeBatch) because it crossed a
 * thread boundary as plain arrays.
 *
 * What a slider changes is all that crosses per move:
 * - the p model's batch is not sent: only p, the shape and the targets (a move would otherwise
 *   copy 4·B·T·V bytes each way), and its logits are built here by the same construction as on
 *   the main thread (pModelLogitsInto, random-model.ts), into one array kept between moves;
 * - for the temperature on the CPU back end, the batch is sent once ('keep') and kept; each move
 *   then sends T, and the math module's withTemperature(batch, T) is scored here ('temperature').
 *   (On WebGPU the engine scores z / T on the logits it already holds: session.ts.)
 */
import { messageOf } from '../../errors';
import {
  crossEntropyCpu,
  makeBatch,
  withTemperature,
  type FloatArray,
  type LogitsBatch,
  type Shape3,
  type XentResult,
} from '../../math';
import { pModelBatch, pModelLogitsInto } from './random-model';

/** A batch as it crosses to the worker: its logits, or the p model's p. */
export type BatchMessage = {
  shape: Shape3;
  /** (B, T) target ids. */
  targets: Int32Array;
  ignoreIndex: number;
} & (
  | {
      kind: 'batch';
      /** (B, T, V) row-major. */
      logits: FloatArray;
    }
  | {
      /** The p model (random-model.ts pModelBatch) on these targets, at this p. */
      kind: 'p-model';
      p: number;
    }
);

export type CpuRequest =
  | { id: number; op: 'score'; batch: BatchMessage }
  /** Keep this batch under `key` (replacing the one kept before); no reply. */
  | { id: number; op: 'keep'; key: number; batch: BatchMessage }
  /** withTemperature(kept batch, T), scored. */
  | { id: number; op: 'temperature'; key: number; T: number };

export type CpuReply =
  { id: number; ok: true; result: XentResult } | { id: number; ok: false; message: string };

/** The p model's logits of the last score request, reused while the shape stays the same. */
let pLogits: Float32Array | null = null;
/** The batch the temperature requests scale, or why it could not be kept. */
let kept: { key: number; batch: LogitsBatch } | { key: number; error: string } | null = null;

/** The message's batch; `reuse`: the p model's logits may go into the array kept between moves. */
function batchOf(message: BatchMessage, reuse: boolean): LogitsBatch {
  const { shape, targets, ignoreIndex } = message;
  if (message.kind === 'batch') return makeBatch(message.logits, shape, targets, { ignoreIndex });
  // pModelBatch reads only the shape, the targets and ignore_index of the batch it copies.
  if (!reuse) return pModelBatch({ logits: new Float32Array(0), shape, targets, ignoreIndex }, message.p);
  const [B, T, V] = shape;
  if (pLogits?.length !== B * T * V) pLogits = new Float32Array(B * T * V);
  return makeBatch(pModelLogitsInto(pLogits, message, message.p), shape, targets, { ignoreIndex });
}

self.onmessage = (event: MessageEvent<CpuRequest>) => {
  const request = event.data;
  const { id } = request;
  let reply: CpuReply | null = null;
  try {
    if (request.op === 'score') {
      reply = { id, ok: true, result: crossEntropyCpu(batchOf(request.batch, true)) };
    } else if (request.op === 'keep') {
      try {
        kept = { key: request.key, batch: batchOf(request.batch, false) };
      } catch (error) {
        kept = { key: request.key, error: messageOf(error) };
      }
    } else {
      if (kept?.key !== request.key) throw new Error('The CPU worker no longer holds these logits.');
      if ('error' in kept) throw new Error(kept.error);
      reply = { id, ok: true, result: crossEntropyCpu(withTemperature(kept.batch, request.T)) };
    }
  } catch (error) {
    reply = { id, ok: false, message: messageOf(error) };
  }
  if (reply) self.postMessage(reply);
};
