/**
 * The CPU path off the main thread: a (B, T, V) batch in, the XentResult out, so a big input
 * never freezes the page.
 */
import { crossEntropyCpu, makeBatch, type FloatArray, type Shape3 } from '../math';
import { messageOf } from '../errors';

export interface CpuRequest {
  id: number;
  logits: FloatArray;
  shape: Shape3;
  targets: Int32Array;
  ignoreIndex: number;
}

self.onmessage = (event: MessageEvent<CpuRequest>) => {
  const { id, logits, shape, targets, ignoreIndex } = event.data;
  try {
    const result = crossEntropyCpu(makeBatch(logits, shape, targets, { ignoreIndex }));
    self.postMessage({ id, result });
  } catch (error) {
    self.postMessage({ id, error: messageOf(error) });
  }
};
