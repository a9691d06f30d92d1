/**
 * The deterministic logits generator of scripts/golden/make_golden.py, operation for operation, so a
 * test rebuilds bit-identical float32 logits from a case's spec instead of reading them from disk.
 *
 * uint32 arithmetic wraps modulo 2^32 (Math.imul, `>>> 0`); every float step is one IEEE float64
 * operation, rounded the same way in numpy and JavaScript; no exp/log, whose libraries could differ.
 *
 *   mix(x)           = lowbias32: x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16
 *   hash(seed, s, n) = mix(mix(mix(seed) ^ s) ^ n)      stream s, counter n (element or row index)
 *   uniform(h)       = (h >>> 8) / 2^24                 exact, in [0, 1)
 *
 * For row r = b * T + t of a (B, T, V) tensor and element i = r * V + c:
 *   target[r] = hash(seed, 5, r) mod V
 *   x         = scale * (((u0 + u1) + u2) + u3 − 2) + offset,   u_k = uniform(hash(seed, k, i))
 *   x        += peak + peakSpread · uniform(hash(seed, 6, r))   only at c = target[r]
 *   logit     = float32(x)
 * then the −inf mask (hash(seed, 4, i) mod negInfEvery = 0, never at the target), fills, edits, and
 * ignore_index for the targets of ignoreRows, in that order.
 */
import type { Shape3 } from '../src/math';

/** A JSON number, or a float the JSON cannot hold. */
export type JsonNumber = number | 'inf' | '-inf' | 'nan';

export interface Fill {
  row: number;
  value: JsonNumber;
  /** Leave the drawn target's element as it was. */
  keepTarget: boolean;
}

/** Element `col`, or (target[row] + fromTarget) mod V, becomes `value`. */
export interface Edit {
  row: number;
  col?: number;
  fromTarget?: number;
  value: JsonNumber;
}

export interface SyntheticSpec {
  seed: number;
  /** Width of the bell: x = scale · (Irwin–Hall(4) − 2), in [−2·scale, 2·scale). */
  scale: number;
  offset: number;
  /** Added at the target: peak + peakSpread · u_row (nats). */
  peak: number;
  peakSpread: number;
  /** About one element in negInfEvery becomes −inf (0: none). */
  negInfEvery: number;
  ignoreRows: number[];
  fills: Fill[];
  edits: Edit[];
}

const STREAM_MASK = 4;
const STREAM_TARGET = 5;
const STREAM_PEAK = 6;
const TWO_POW_24 = 16777216;

export function toNumber(x: JsonNumber): number {
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  if (x === 'nan') return NaN;
  return x;
}

/** lowbias32: a bijective uint32 → uint32 mixer. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function streamKey(seed: number, stream: number): number {
  return mix32(mix32(seed) ^ stream);
}

/** (h >>> 8) / 2^24: 24 random bits as an exact float64 in [0, 1). */
function uniform(h: number): number {
  return (h >>> 8) / TWO_POW_24;
}

/** The drawn targets, before ignore_index is applied: hash(seed, 5, r) mod V. */
function drawTargets(seed: number, rows: number, V: number): Int32Array {
  const key = streamKey(seed, STREAM_TARGET);
  const t = new Int32Array(rows);
  for (let r = 0; r < rows; r++) t[r] = mix32(key ^ r) % V;
  return t;
}

/** (B, T, V) float32 logits and (B, T) targets, bit-identical to make_golden.py's `synthesize`. */
export function synthesize(
  spec: SyntheticSpec,
  shape: Shape3,
  ignoreIndex: number,
): { logits: Float32Array; targets: Int32Array } {
  const [B, T, V] = shape;
  const rows = B * T;
  const drawn = drawTargets(spec.seed, rows, V);
  const k = [0, 1, 2, 3].map((s) => streamKey(spec.seed, s)) as [number, number, number, number];
  const peakKey = streamKey(spec.seed, STREAM_PEAK);
  const maskKey = streamKey(spec.seed, STREAM_MASK);
  const logits = new Float32Array(rows * V);
  for (let r = 0; r < rows; r++) {
    const t = drawn[r]!;
    const bump = spec.peak + spec.peakSpread * uniform(mix32(peakKey ^ r));
    for (let c = 0, i = r * V; c < V; c++, i++) {
      let s = uniform(mix32(k[0] ^ i)) + uniform(mix32(k[1] ^ i));
      s = s + uniform(mix32(k[2] ^ i));
      s = s + uniform(mix32(k[3] ^ i));
      let x = spec.scale * (s - 2) + spec.offset;
      if (c === t) x = x + bump;
      // Float32Array stores round to nearest even, as numpy's astype(float32).
      logits[i] = x;
      if (spec.negInfEvery > 0 && c !== t && mix32(maskKey ^ i) % spec.negInfEvery === 0) {
        logits[i] = -Infinity;
      }
    }
  }
  for (const f of spec.fills) {
    const start = f.row * V;
    const kept = logits[start + drawn[f.row]!]!;
    logits.fill(toNumber(f.value), start, start + V);
    if (f.keepTarget) logits[start + drawn[f.row]!] = kept;
  }
  for (const e of spec.edits) {
    // Python's modulo: non-negative for a negative offset too.
    const col = e.col ?? (((drawn[e.row]! + (e.fromTarget ?? 0)) % V) + V) % V;
    logits[e.row * V + col] = toNumber(e.value);
  }
  const targets = drawn;
  for (const r of spec.ignoreRows) targets[r] = ignoreIndex;
  return { logits, targets };
}

/** Σ_i mix(bits_i ^ mix(i)) mod 2^32 over the float32 bit patterns, as make_golden.py's `checksum`. */
export function checksum(logits: Float32Array): number {
  const bits = new Uint32Array(logits.buffer, logits.byteOffset, logits.length);
  let sum = 0;
  for (let i = 0; i < bits.length; i++) sum = (sum + mix32(bits[i]! ^ mix32(i))) >>> 0;
  return sum;
}
