/**
 * The p model's batch as its slider makes it: the same (B, T, V) tensor as pModelBatch (the CPU
 * construction in random-model.ts, the reference), but its 4·B·T·V bytes are built only when
 * something on the main thread first reads `logits`. Scoring never does: the WebGPU back end
 * generates the tensor on the GPU from p (engine/p-model.ts) and the CPU worker builds its own
 * from p (cpu.worker.ts), so a move of the slider sends one number, not 1.2 MB, and builds
 * nothing here. Views that draw logits (stages 2 and 3) read one row with `logitsRow`.
 *
 * A batch is a p-model batch by identity (a WeakMap), not by a property: a copy such as
 * withTemperature's `{ ...batch, logits }` holds other logits and must not be taken for one.
 */
import { row, type FloatArray, type LogitsBatch } from '../../math';
import { currentIntl } from '../i18n/current';
import { intlNumber } from '../i18n/numbers';
import type { Source } from '../state';
import { pModelBatch } from './random-model';

/** What the p model needs besides the targets: p, and the batch whose targets it copies. */
export interface PModelSpec {
  p: number;
}

const specs = new WeakMap<LogitsBatch, PModelSpec>();

/** The p model on `like`'s targets and shape, with its logits built on first read. */
export function lazyPModelBatch(like: LogitsBatch, p: number): LogitsBatch {
  let built: FloatArray | null = null;
  const batch: LogitsBatch = {
    get logits(): FloatArray {
      built ??= pModelBatch(like, p).logits;
      return built;
    },
    shape: like.shape,
    targets: like.targets,
    ignoreIndex: like.ignoreIndex,
  };
  specs.set(batch, { p });
  return batch;
}

/**
 * The p model on the texts of `like` (the book's source, or the p model at another p): the same
 * targets, inputs and shape, every right next token at probability p.
 */
export function pModelSource(like: Pick<Source, 'batch' | 'inputs'>, p: number): Source {
  return {
    // Read each time it is shown, so it follows the page's language; p as typed (0.537).
    get label() {
      return currentIntl().formatMessage(
        {
          id: 'compute.label.p-model',
          defaultMessage: 'a model that gives the right word p = {p}',
          description:
            'Whose numbers are on screen (the logits’ source): a made-up model that gives the right next word probability p.',
        },
        { p: intlNumber(p, { maximumFractionDigits: 20 }) },
      );
    },
    isExample: false,
    kind: 'p-model',
    batch: lazyPModelBatch(like.batch, p),
    inputs: like.inputs,
  };
}

/** p, when the batch is a p-model batch made by lazyPModelBatch; else undefined. */
export function pModelOf(batch: LogitsBatch): PModelSpec | undefined {
  return specs.get(batch);
}

/**
 * What identifies a batch's logits without building them: the logits array itself, or, for a
 * p-model batch, the batch object (one per value of p). Uploads and row details are keyed by it.
 */
export function logitsKey(batch: LogitsBatch): object {
  return specs.has(batch) ? batch : batch.logits;
}

/**
 * Row r (of V logits) of the batch: a view into its logits, or for a p-model batch that row
 * alone, built the way pModelBatch builds every row (the same float32 values).
 */
export function logitsRow(batch: LogitsBatch, r: number): FloatArray {
  const spec = specs.get(batch);
  if (!spec) return row(batch, r);
  const V = batch.shape[2];
  // pModelBatch reads only the shape, the targets and ignore_index of the batch it copies.
  const one: LogitsBatch = {
    logits: new Float32Array(0),
    shape: [1, 1, V],
    targets: batch.targets.subarray(r, r + 1),
    ignoreIndex: batch.ignoreIndex,
  };
  return pModelBatch(one, spec.p).logits;
}
