/**
 * Pure helpers for the mean stage: the PyTorch snippet that gives the same loss, PyTorch's way
 * of printing a scalar tensor, and which terms of the sum the formula writes out.
 */

/** Snippets with more target ids than this load them from a file instead of listing them. */
export const MAX_SNIPPET_IDS = 4096;

/**
 * A 0-d float tensor as PyTorch prints it (default precision 4): tensor(10.7940); scientific
 * when the value is ≥ 1e8 or below 1e-4 (tensor(1.2346e+08)); tensor(nan), tensor(inf).
 */
export function torchScalar(x: number): string {
  if (Number.isNaN(x)) return 'tensor(nan)';
  if (!Number.isFinite(x)) return x > 0 ? 'tensor(inf)' : 'tensor(-inf)';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e8 || a < 1e-4)) {
    const [mant, exp = '0'] = x.toExponential(4).split('e');
    const e = Number(exp);
    return `tensor(${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')})`;
  }
  return `tensor(${x.toFixed(4)})`;
}

/** (B, T) ids, row-major, as a Python nested list: [[3626, 6100, 345], [1107, 588, 11311]]. */
export function nestedList(ids: ArrayLike<number>, B: number, T: number): string {
  const rows: string[] = [];
  for (let b = 0; b < B; b++) {
    const row: number[] = [];
    for (let t = 0; t < T; t++) row.push(ids[b * T + t]!);
    rows.push(`[${row.join(', ')}]`);
  }
  return `[${rows.join(', ')}]`;
}

export interface SnippetInput {
  /** (B, T) target ids, row-major. */
  targets: ArrayLike<number>;
  /** (B, T, V). */
  shape: readonly [number, number, number];
  ignoreIndex: number;
  /** The computed loss in nats. */
  lossNats: number;
  /** Also print the loss in bits (divided by ln 2). */
  bits: boolean;
}

/** Python that computes the same loss with torch.nn.functional.cross_entropy. */
export function torchSnippet({ targets, shape, ignoreIndex, lossNats, bits }: SnippetInput): string {
  const [B, T, V] = shape;
  const count = B * T;
  const lines = ['import torch', 'import torch.nn.functional as F'];
  if (bits) lines.push('import math');
  lines.push('', `# logits: the model's scores, a float tensor of shape (${B}, ${T}, ${V})`);
  if (count <= MAX_SNIPPET_IDS) {
    lines.push(`targets = torch.tensor(${nestedList(targets, B, T)})  # shape (${B}, ${T})`);
  } else {
    lines.push(`targets = torch.load("targets.pt")  # the ${count} target ids, shape (${B}, ${T})`);
  }
  const extra = ignoreIndex === -100 ? '' : `, ignore_index=${ignoreIndex}`;
  lines.push(
    '',
    '# one row of V scores per token: (B*T, V) logits against (B*T) targets, averaged',
    `loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten()${extra})`,
    `print(loss)  # ${torchScalar(lossNats)}, in nats`,
  );
  if (bits) lines.push(`print(loss / math.log(2))  # in bits: ${torchScalar(lossNats / Math.LN2)}`);
  return lines.join('\n');
}

/**
 * Which terms of Σ the formula writes out: all when there are at most `max`, else the first
 * `max − 1` and the last, with a gap (null) between.
 */
export function shownTerms<T>(terms: readonly T[], max = 6): (T | null)[] {
  if (terms.length <= max) return [...terms];
  return [...terms.slice(0, max - 1), null, terms[terms.length - 1]!];
}
