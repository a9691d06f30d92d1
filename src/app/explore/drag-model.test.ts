import { describe, expect, it } from 'vitest';
import { crossEntropyCpu, makeBatch, softmax, softmaxGradient } from '../../math';
import {
  DRAG_REACH,
  dragRange,
  editedBatchLoss,
  handleIds,
  probsAt,
  rowBatch,
  withLogit,
} from './drag-model';

describe('drag a logit: helpers', () => {
  it('gives the top tokens a handle, and the target one more when it is not among them', () => {
    const top = [5, 2, 9].map((id) => ({ id, logit: 0, prob: 0 }));
    expect(handleIds(top, 2)).toEqual([5, 2, 9]);
    expect(handleIds(top, 7)).toEqual([5, 2, 9, 7]);
    expect(handleIds(top, null)).toEqual([5, 2, 9]);
  });

  it('lets a handle reach DRAG_REACH either way, and further where the value already is', () => {
    expect(dragRange(1, 1)).toEqual({ min: 1 - DRAG_REACH, max: 1 + DRAG_REACH });
    expect(dragRange(1, 40).max).toBe(40);
    expect(dragRange(1, -30).min).toBe(-30);
  });

  it('edits a copy of the row', () => {
    const row = Float32Array.from([1, 2, 3]);
    const edited = withLogit(row, 1, 5);
    expect([...edited]).toEqual([1, 5, 3]);
    expect([...row]).toEqual([1, 2, 3]);
  });

  it('the batch loss with one row replaced is the CPU’s loss of the edited batch', () => {
    const logits = Float64Array.from([1, 2, 0, -1, 0.5, 3, 2, 2, 2]);
    const batch = makeBatch(logits, [1, 3, 3], [0, 2, -100]);
    const edited = withLogit(logits.subarray(0, 3), 0, 4);
    const rowResult = crossEntropyCpu(rowBatch(edited, 0));
    const whole = Float64Array.from(logits);
    whole.set(edited, 0);
    const expected = crossEntropyCpu(makeBatch(whole, [1, 3, 3], [0, 2, -100]));
    const got = editedBatchLoss(crossEntropyCpu(batch).tokens, 0, rowResult.tokens[0]!.loss);
    expect(got.count).toBe(2);
    expect(got.loss).toBeCloseTo(expected.loss, 14);
    expect(got.perplexity).toBeCloseTo(expected.perplexity, 12);
  });

  it('reads the handles’ probabilities from the scored log-sum-exp', () => {
    const row = Float64Array.from([0.5, -1, 2, 0]);
    const { logSumExp } = crossEntropyCpu(rowBatch(row, 1)).tokens[0]!;
    const p = softmax(row);
    probsAt(row, [2, 1], logSumExp).forEach((q, i) => expect(q).toBeCloseTo(p[[2, 1][i]!]!, 14));
    // The gradient shown beside them is p − one-hot.
    expect(softmaxGradient(row, 1)[1]).toBeCloseTo(p[1]! - 1, 14);
  });
});
