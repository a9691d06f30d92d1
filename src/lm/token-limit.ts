/**
 * How much of each typed text the page scores with a pretrained model, and what a cut keeps.
 *
 * A text of n tokens (after the start token) is scored in one forward pass: the model reads the
 * start token and the text's first n − 1 tokens (the last token is only a target, its own logits
 * would predict nothing), so it needs n positions, and it returns (B, n, V) float32 logits for the
 * B texts (padded to the longest). Two bounds on n follow:
 *
 *   context: n ≤ context, the rows of the model's position table (config.json's n_positions or
 *            max_position_embeddings, read by config.ts);
 *   memory:  B · n · V · 4 bytes ≤ LOGITS_BUDGET_BYTES, i.e. n ≤ ⌊budget / (4 · B · V)⌋.
 *
 * The limit is the smaller. With the page's two texts: GPT-2 (1,024 positions, V = 50,257):
 * min(1,024, 2,670) = 1,024; TinyStories (2,048, 50,257): 2,048; SmolLM2 (8,192, 49,152): 2,730;
 * Qwen2.5 (32,768, 151,936): 883. A model run on WebGPU (onnxruntime's WebGPU provider, one text
 * a pass) returns each text's (1, n, V) logits in one GPU buffer, so there also n · V · 4 bytes ≤
 * the device's largest buffer (min of maxStorageBufferBindingSize and maxBufferSize): with the
 * 128 MiB WebGPU guarantees, GPT-2 would score 667 tokens a text, but the engine asks for the
 * adapter's own limits (src/engine/device.ts), which are usually larger.
 */
import { MAX_LOGITS_BYTES } from '../io/limits';
import type { ModelSpec } from './config';

/**
 * The most logits the page holds from one forward pass, in bytes of float32: the 1 GiB a logits
 * file may hold (io/limits.ts, MAX_LOGITS_BYTES): the same array, so the same budget. Each copy of
 * the logits (onnxruntime's output in the worker, the page's, the GPU's) is then at most 1 GiB.
 */
export const LOGITS_BUDGET_BYTES = MAX_LOGITS_BYTES;

/** Bytes of one logit (float32). */
const LOGIT_BYTES = 4;

/** The texts the page scores together: its two text fields. */
export const PAGE_TEXTS = 2;

/**
 * The context assumed when config.json names none: 512 positions, which every family this lab
 * reads holds (GPT-2 1,024, GPT-Neo 2,048, Llama and Qwen more), so no position is past the table.
 */
export const UNKNOWN_CONTEXT = 512;

export interface TokenLimit {
  /** Tokens scored per text at most, after the start token. */
  tokens: number;
  /** Which bound set it: the model's context, the logits' memory budget, or the GPU's buffer. */
  by: 'context' | 'memory' | 'gpu-buffer';
  /** The model's context in positions (UNKNOWN_CONTEXT when config.json names none). */
  context: number;
  contextKnown: boolean;
  /** The most tokens per text the memory budget allows: ⌊budget / (4 · B · V)⌋. */
  memoryTokens: number;
  /** On WebGPU, the device's largest buffer in bytes; null on WebAssembly. */
  gpuBufferBytes: number | null;
}

/**
 * The per-text token limit for `texts` texts of a model with this context and vocabulary;
 * `gpuBufferBytes`, the largest buffer of the WebGPU device it runs on (null: WebAssembly).
 */
export function tokenLimit(
  spec: Pick<ModelSpec, 'context' | 'vocab'>,
  texts: number = PAGE_TEXTS,
  budget: number = LOGITS_BUDGET_BYTES,
  gpuBufferBytes: number | null = null,
): TokenLimit {
  if (!(Number.isInteger(texts) && texts >= 1)) throw new RangeError(`texts must be 1 or more, not ${texts}`);
  const context = spec.context ?? UNKNOWN_CONTEXT;
  const memoryTokens = Math.floor(budget / (LOGIT_BYTES * texts * spec.vocab));
  const bufferTokens =
    gpuBufferBytes === null ? Infinity : Math.floor(gpuBufferBytes / (LOGIT_BYTES * spec.vocab));
  const tokens = Math.min(context, memoryTokens, bufferTokens);
  const by = tokens === context ? 'context' : bufferTokens < memoryTokens ? 'gpu-buffer' : 'memory';
  return {
    tokens: Math.max(1, tokens),
    by,
    context,
    contextKnown: spec.context !== null,
    memoryTokens,
    gpuBufferBytes,
  };
}

/**
 * Whether one pass over (B, T) ids (start token first, padded) may read every id: T positions
 * within the context and B·T·V·4 bytes of logits within the budget. If not, it reads all but the
 * last column (score-text.ts, readColumns), T − 1 positions, which the limit keeps within both.
 * Reading every id where it fits is the pass every reference makes (PyTorch, onnxruntime on the
 * whole text): the last position's logits are dropped either way, but an 8-bit model quantizes
 * its activations by their range over the whole pass, so what it reads moves its numbers slightly.
 */
export function readsEveryId(
  spec: Pick<ModelSpec, 'context' | 'vocab'>,
  B: number,
  T: number,
  budget: number = LOGITS_BUDGET_BYTES,
): boolean {
  return T <= (spec.context ?? UNKNOWN_CONTEXT) && B * T * spec.vocab * LOGIT_BYTES <= budget;
}

/** What was scored of one text. */
export interface TextCut {
  /** The text's tokens after the start token. */
  tokens: number;
  /** Of them, the scored ones: min(tokens, limit). */
  scored: number;
  /** UTF-8 bytes of the whole text as typed. */
  bytes: number;
  /**
   * UTF-8 bytes of the scored part: the whole text's when nothing was cut, else the bytes of its
   * scored tokens decoded (a cut inside a character counts that character as U+FFFD, 3 bytes).
   */
  scoredBytes: number;
}

/**
 * Cuts each text's ids (start token first, as ModelTokenizer.encode gives them) at `limit` tokens
 * after the start token. Returns the ids to score, (1 + min(n, limit)) per text, and what each
 * kept. `decode` turns ids back into text (the model's tokenizer).
 */
export function cutTexts(
  whole: readonly (readonly number[])[],
  texts: readonly string[],
  limit: number,
  decode: (ids: readonly number[]) => string,
): { ids: number[][]; cuts: TextCut[] } {
  const utf8 = new TextEncoder();
  const ids = whole.map((row) => row.slice(0, 1 + limit));
  const cuts = whole.map((row, b): TextCut => {
    const kept = ids[b]!;
    const bytes = utf8.encode(texts[b] ?? '').length;
    const cut = kept.length < row.length;
    const scoredBytes = cut ? Math.min(bytes, utf8.encode(decode(kept.slice(1))).length) : bytes;
    return { tokens: row.length - 1, scored: kept.length - 1, bytes, scoredBytes };
  });
  return { ids, cuts };
}
