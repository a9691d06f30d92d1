/**
 * The sentences beside the text fields, from the limit and the cuts lm/token-limit.ts computes.
 */
import { describe, expect, it } from 'vitest';
import { cutTexts, tokenLimit } from '../../lm/token-limit';
import { cutSentence, limitSentence } from './text-limits';

describe('limitSentence', () => {
  it('the context, when it is the bound', () => {
    expect(limitSentence(tokenLimit({ context: 1024, vocab: 50257 }), 'Xenova/gpt2', 50257, 2)).toBe(
      'Each text is scored up to its first 1,024 tokens, Xenova/gpt2’s context.',
    );
  });

  it('the memory budget, with the numbers that set it', () => {
    const limit = tokenLimit({ context: 32768, vocab: 151936 });
    expect(limitSentence(limit, 'onnx-community/Qwen2.5-0.5B-Instruct', 151936, 2)).toBe(
      'Each text is scored up to its first 883 tokens, fewer than onnx-community/Qwen2.5-0.5B-Instruct’s context of 32,768, so that the logits of both texts (2 × 883 × 151,936 float32 scores) stay within 1.0 GiB.',
    );
  });

  it('the GPU’s largest buffer, when the model runs on WebGPU', () => {
    const limit = tokenLimit({ context: 1024, vocab: 50257 }, 2, 2 ** 30, 128 * 2 ** 20);
    expect(limitSentence(limit, 'Xenova/gpt2', 50257, 2)).toBe(
      'Each text is scored up to its first 667 tokens, fewer than Xenova/gpt2’s context of 1,024, so that each text’s logits (667 × 50,257 float32 scores) fit one buffer of this GPU, at most 128 MiB.',
    );
  });

  it('a context config.json does not give', () => {
    expect(limitSentence(tokenLimit({ context: null, vocab: 50257 }), 'm', 50257, 2)).toBe(
      'Each text is scored up to its first 512 tokens: m’s config.json does not give its context, and every model family this lab reads holds that many.',
    );
  });
});

describe('cutSentence', () => {
  // One id per character: a text of n characters is n tokens and (ASCII) n bytes.
  const encode = (text: string) => [0, ...Array.from(text, (c) => c.codePointAt(0)!)];
  const decode = (ids: readonly number[]) => String.fromCodePoint(...ids);

  it('names the text and how much of it was scored', () => {
    const texts = ['short', 'x'.repeat(5210)];
    const { cuts } = cutTexts(texts.map(encode), texts, 1024, decode);
    expect(cutSentence(0, cuts[0]!)).toBeNull();
    expect(cutSentence(1, cuts[1]!)).toBe(
      'Text 2 was cut to its first 1,024 tokens (1,024 of its 5,210 bytes); the rest stays in the field but is not scored.',
    );
  });

  it('counts bytes, not characters', () => {
    const texts = ['é'.repeat(30)];
    const { cuts } = cutTexts(texts.map(encode), texts, 10, decode);
    expect(cutSentence(0, cuts[0]!)).toBe(
      'Text 1 was cut to its first 10 tokens (20 of its 60 bytes); the rest stays in the field but is not scored.',
    );
  });
});
