/**
 * The sentences beside the text fields when a pretrained model scores them: how many tokens of
 * each text it scores (lm/token-limit.ts), and which text was cut, with what was kept. Every
 * number comes from the limit and the cuts the source computed.
 */
import { formatBytes } from '../../io/limits';
import { LOGITS_BUDGET_BYTES, type TextCut, type TokenLimit } from '../../lm/token-limit';
import { formatCount } from './format';

/**
 * "Each text is scored up to its first 1,024 tokens, Xenova/gpt2’s context." `vocab` is V and
 * `texts` B, for the memory bound's reason: B × n × V float32 logits within the budget.
 */
export function limitSentence(limit: TokenLimit, name: string, vocab: number, texts: number): string {
  const n = formatCount(limit.tokens);
  if (limit.by === 'gpu-buffer' && limit.gpuBufferBytes !== null) {
    return (
      `Each text is scored up to its first ${n} tokens, fewer than ${name}’s context of ${formatCount(limit.context)}, ` +
      `so that each text’s logits (${n} × ${formatCount(vocab)} float32 scores) fit one buffer of this GPU, at most ${formatBytes(limit.gpuBufferBytes)}.`
    );
  }
  if (limit.by === 'memory') {
    const both = texts === 2 ? 'both texts' : `${formatCount(texts)} texts`;
    return (
      `Each text is scored up to its first ${n} tokens, fewer than ${name}’s context of ${formatCount(limit.context)}, ` +
      `so that the logits of ${both} (${formatCount(texts)} × ${n} × ${formatCount(vocab)} float32 scores) stay within ${formatBytes(LOGITS_BUDGET_BYTES)}.`
    );
  }
  if (!limit.contextKnown) {
    return `Each text is scored up to its first ${n} tokens: ${name}’s config.json does not give its context, and every model family this lab reads holds that many.`;
  }
  return `Each text is scored up to its first ${n} tokens, ${name}’s context.`;
}

/**
 * "Text 2 was cut to its first 1,024 tokens (3,980 of its 5,210 bytes); the rest stays in the
 * field but is not scored." for a text that was cut (b is 0-based), else null.
 */
export function cutSentence(b: number, cut: TextCut): string | null {
  if (cut.scored >= cut.tokens) return null;
  return (
    `Text ${b + 1} was cut to its first ${formatCount(cut.scored)} tokens ` +
    `(${formatCount(cut.scoredBytes)} of its ${formatCount(cut.bytes)} bytes); the rest stays in the field but is not scored.`
  );
}
