/**
 * The file readers: .npz (np.savez / np.savez_compressed), a pair of .npy files, and
 * .safetensors, each turned into a LogitsFile. Every failure is an XentInputError whose message
 * is one sentence naming the array and the fix.
 */
import { XentInputError } from '../errors';
import { toLogitsFile, type LogitsFile } from './logits-file';
import { isNpy, parseNpy } from './npy';
import { parseNpz } from './npz';
import { isSafetensors, parseSafetensors } from './safetensors';
import { isZip } from './zip';

export { checkTargetIds, fileToBatch, type FileFormat, type LogitsFile } from './logits-file';
export { parseNpy, type NpyArray } from './npy';
export type { DType, FloatDType, IntDType } from './dtype';
export { MAX_LOGITS_BYTES } from './limits';

export const ACCEPTED_FORMATS =
  '.npz (np.savez or np.savez_compressed with logits and targets), .safetensors, or logits.npy with targets.npy';

/** Reads an .npz or .safetensors file, recognised by its content; `name` is used in messages. */
export function parseLogitsFile(bytes: Uint8Array, name = 'The file'): LogitsFile {
  if (bytes.length === 0) {
    throw new XentInputError(`${name} is empty (0 bytes); give ${ACCEPTED_FORMATS}.`);
  }
  if (isZip(bytes)) return parseNpz(bytes);
  if (isSafetensors(bytes)) {
    const { tensors, names } = parseSafetensors(bytes, ['logits', 'targets', 'inputs']);
    return toLogitsFile(
      'safetensors',
      { logits: tensors.get('logits'), targets: tensors.get('targets'), inputs: tensors.get('inputs') },
      names,
    );
  }
  if (isNpy(bytes)) {
    throw new XentInputError(
      `${name} is a single .npy array; give logits.npy together with targets.npy, or save both in one .npz with np.savez.`,
    );
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new XentInputError(
      `${name} is gzip-compressed; decompress it first (it should be ${ACCEPTED_FORMATS}).`,
    );
  }
  throw new XentInputError(`${name} is not a format this tool reads; give ${ACCEPTED_FORMATS}.`);
}

/** Reads logits.npy and targets.npy, saved separately with np.save. */
export function parseNpyPair(logitsNpy: Uint8Array, targetsNpy: Uint8Array): LogitsFile {
  const logits = parseNpy(logitsNpy, 'logits');
  const targets = parseNpy(targetsNpy, 'targets');
  return toLogitsFile('npy', { logits, targets }, ['logits', 'targets']);
}
