/**
 * From a model's logits to the batch the loss engine scores: position t of a text predicts its
 * token t + 1, so the logits of the last position predict nothing and are left out, and a
 * position whose input or target is padding gets the ignore index.
 *
 * logits (B, T, V) from the model → batch logits (B, T − 1, V), targets (B, T − 1).
 */
import { DEFAULT_IGNORE_INDEX, makeBatch, type LogitsBatch } from '../math';
import type { ForwardInputs } from './forward';

export function batchFromLogits(logits: Float32Array, V: number, inputs: ForwardInputs): LogitsBatch {
  const B = inputs.ids.length;
  const T = inputs.T - 1;
  if (T < 1) throw new RangeError('A text needs at least one token after the start token.');
  // (B, T + 1, V) → (B, T, V): drop each text's last row. One text: a view, no copy.
  const rows =
    B === 1
      ? logits.subarray(0, T * V)
      : (() => {
          const out = new Float32Array(B * T * V);
          for (let b = 0; b < B; b++)
            out.set(logits.subarray(b * (T + 1) * V, (b * (T + 1) + T) * V), b * T * V);
          return out;
        })();
  return makeBatch(rows, [B, T, V], targetsFor(inputs));
}

/** (B, T − 1) targets: each position's next token, or the ignore index where either is padding. */
export function targetsFor(inputs: ForwardInputs): Int32Array {
  const B = inputs.ids.length;
  const T = inputs.T - 1;
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      // Scored when both the input at t and the target at t + 1 are real tokens.
      const real = t + 1 < inputs.lengths[b]!;
      targets[b * T + t] = real ? inputs.ids[b]![t + 1]! : DEFAULT_IGNORE_INDEX;
    }
  }
  return targets;
}

/**
 * What the model reads of a batch: every column but the last, whose logits would predict nothing
 * (the last id is only a target). So a text of n ids takes n − 1 positions, and a text of 1 + n
 * ids (start token first) fits a context of n. (B, T) → (B, T − 1); a text shorter than the
 * longest keeps all its ids (its last one then sits where the target is padding).
 */
export function readColumns(inputs: ForwardInputs): ForwardInputs {
  const T = inputs.T - 1;
  if (T < 1) throw new RangeError('A text needs at least one token after the start token.');
  return {
    ids: inputs.ids.map((row) => row.slice(0, T)),
    mask: inputs.mask.map((row) => row.slice(0, T)),
    lengths: inputs.lengths.map((n) => Math.min(n, T)),
    T,
  };
}

/**
 * The batch from the logits of readColumns(inputs): (B, T − 1, V) logits, each row r = b·(T − 1) + t
 * predicting inputs.ids[b][t + 1], so they are the batch's logits as they are (no copy).
 */
export function batchFromReadLogits(logits: Float32Array, V: number, inputs: ForwardInputs): LogitsBatch {
  return makeBatch(logits, [inputs.ids.length, inputs.T - 1, V], targetsFor(inputs));
}
