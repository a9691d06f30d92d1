/**
 * Reads FILE for `xent score`: an .npz or .safetensors file (recognised by content), or
 * `logits.npy` with `targets.npy` beside it (any name with "logits" in it: `run1.logits.npy`
 * pairs with `run1.targets.npy`).
 */
import { XentInputError } from '../errors';
import { parseLogitsFile, parseNpyPair, type LogitsFile } from '../io';

/** Reads a whole file; refuses with one sentence (missing, a directory, too large). */
export type ReadFile = (path: string) => Promise<Uint8Array>;

/** The targets file that goes with a logits .npy path, or null when the name has no "logits". */
export function targetsPathFor(logitsPath: string): string | null {
  const slash = Math.max(logitsPath.lastIndexOf('/'), logitsPath.lastIndexOf('\\'));
  const dir = logitsPath.slice(0, slash + 1);
  const base = logitsPath.slice(slash + 1);
  const at = base.lastIndexOf('logits');
  if (at < 0) return null;
  return dir + base.slice(0, at) + 'targets' + base.slice(at + 'logits'.length);
}

export async function readLogitsInput(path: string, readFile: ReadFile): Promise<LogitsFile> {
  if (!path.toLowerCase().endsWith('.npy')) return parseLogitsFile(await readFile(path), path);
  const targetsPath = targetsPathFor(path);
  if (targetsPath === null) {
    throw new XentInputError(
      `${path} is a single .npy array; name it logits.npy with targets.npy beside it, or give an .npz with both arrays.`,
    );
  }
  const logits = await readFile(path);
  const targets = await readFile(targetsPath).catch((error: unknown) => {
    if (error instanceof XentInputError && error.message.endsWith('does not exist.')) {
      throw new XentInputError(
        `${path} needs its targets beside it, but ${targetsPath} does not exist; save them there with np.save.`,
      );
    }
    throw error;
  });
  return parseNpyPair(logits, targets);
}
