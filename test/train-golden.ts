/** The PyTorch golden case of the live-training model (scripts/golden/make_train_golden.py). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TrainGolden {
  vocab: number;
  dim: number;
  lr: number;
  betas: [number, number];
  eps: number;
  train: { inputs: number[]; targets: number[] };
  val: { inputs: number[]; targets: number[] };
  params0: number[];
  steps: { loss: number; grads: number[]; params: number[]; valLoss: number }[];
}

export const trainGolden = JSON.parse(
  readFileSync(fileURLToPath(new URL('./fixtures/golden/train.json', import.meta.url)), 'utf8'),
) as TrainGolden;

/** The largest |a − b| / (|b| + floor) over two arrays of the same length. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (Math.abs(b[i]!) + floor));
  }
  return worst;
}
