/**
 * The CPU path off the main thread: a (B, T, V) batch in, its XentResult out, so a large input
 * never freezes the page. The batch is validated again here (makeBatch) because it crossed a
 * thread boundary as plain arrays.
 */
import { messageOf } from '../../errors';
import { crossEntropyCpu, makeBatch, type FloatArray, type Shape3, type XentResult } from '../../math';

export interface CpuRequest {
  id: number;
  /** (B, T, V) row-major. */
  logits: FloatArray;
  shape: Shape3;
  /** (B, T) target ids. */
  targets: Int32Array;
  ignoreIndex: number;
}

export type CpuReply =
  { id: number; ok: true; result: XentResult } | { id: number; ok: false; message: string };

self.onmessage = (event: MessageEvent<CpuRequest>) => {
  const { id, logits, shape, targets, ignoreIndex } = event.data;
  let reply: CpuReply;
  try {
    reply = { id, ok: true, result: crossEntropyCpu(makeBatch(logits, shape, targets, { ignoreIndex })) };
  } catch (error) {
    reply = { id, ok: false, message: messageOf(error) };
  }
  self.postMessage(reply);
};
