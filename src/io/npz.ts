/**
 * .npz archives (np.savez, np.savez_compressed): a zip of .npy members named `<array>.npy`.
 * Only the members this tool reads are decompressed.
 */
import { XentInputError } from '../errors';
import { ARRAY_NAMES, checkPresent, toLogitsFile, type LogitsFile, type StoredArrays } from './logits-file';
import { parseNpy } from './npy';
import { extractZipEntry, readZip } from './zip';

export function parseNpz(bytes: Uint8Array): LogitsFile {
  const entries = readZip(bytes);
  if (entries.some((e) => e.name.endsWith('data.pkl'))) {
    throw new XentInputError(
      'This is a PyTorch checkpoint (torch.save), not an .npz archive; save the tensors with np.savez(path, logits=..., targets=...) or safetensors instead.',
    );
  }
  const present = entries.map((e) => e.name.replace(/\.npy$/, ''));
  checkPresent('npz', present);
  const arrays: StoredArrays = {};
  for (const name of ARRAY_NAMES) {
    const entry = entries.find((e) => e.name === `${name}.npy`);
    if (entry) arrays[name] = parseNpy(extractZipEntry(bytes, entry), name);
  }
  return toLogitsFile('npz', arrays, present);
}
