/**
 * Size limits the parsers enforce before allocating anything.
 *
 * Every allocation a parser makes is bounded by the bytes actually given to it: a header may
 * claim any shape, but nothing is allocated until element count × item size has been checked
 * against the bytes present (or, inside a DEFLATE member, against the largest size its
 * compressed bytes could expand to).
 */

/** The largest logits tensor accepted, in bytes of the array handed to the math (after float16 → float32). */
export const MAX_LOGITS_BYTES = 1024 ** 3;

/** Any one array (logits, targets, inputs) as stored, plus room for its .npy header. */
export const MAX_MEMBER_BYTES = MAX_LOGITS_BYTES + 1024 ** 2;

/** .npy headers are a few hundred bytes; numpy itself refuses headers over 10,000 bytes by default. */
export const MAX_NPY_HEADER_BYTES = 1024 ** 2;

/** The safetensors format caps its JSON header at 100 MB; real ones are a few hundred bytes. */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

/** DEFLATE expands at most about 1032:1 (a 258-byte match in a 2-bit code, after the block header). */
export const MAX_DEFLATE_RATIO = 1032;

/** "1.5 GiB", "24 KiB", "120 bytes": a size for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
