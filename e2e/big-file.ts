/**
 * A big file of logits for the specs that watch a load's progress: (1, 256, 50257) float32 zeros,
 * 51 MB, as logits.npy + targets.npy. Every row is uniform, so each token's loss is ln 50257.
 */
import { writeFileSync } from 'node:fs';

/** A .npy header for this dtype and shape, padded as NumPy pads it. */
function npyHeader(descr: string, shape: string): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const text = dict.padEnd(64 * Math.ceil((dict.length + 11) / 64) - 11) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 'latin1');
  head.writeUInt8(1, 6);
  head.writeUInt16LE(text.length, 8);
  return Buffer.concat([head, Buffer.from(text, 'latin1')]);
}

/** Writes the two files where `pathOf` says (a test's outputPath); returns their paths and V. */
export function writeBigLogits(pathOf: (name: string) => string) {
  const [T, V] = [256, 50257];
  const logits = pathOf('logits.npy');
  const targets = pathOf('targets.npy');
  writeFileSync(logits, Buffer.concat([npyHeader('<f4', `(1, ${T}, ${V})`), Buffer.alloc(T * V * 4)]));
  writeFileSync(targets, Buffer.concat([npyHeader('<i8', `(1, ${T})`), Buffer.alloc(T * 8)]));
  return { logits, targets, V };
}
