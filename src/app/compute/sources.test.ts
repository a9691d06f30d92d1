/** textSource: the reader's two texts, tokenized with GPT-2's BPE and scored by the random model. */
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../../errors';
import { GPT2_VOCAB } from '../view/tokens';
import { MAX_TEXT_TOKENS, textSource } from './sources';

describe('textSource', () => {
  it('tokenizes both texts with GPT-2’s BPE: inputs ids[:-1], targets ids[1:]', async () => {
    const source = await textSource(['every effort moves you', 'I really like chocolate']);
    expect(source.kind).toBe('text');
    expect(source.batch.shape).toEqual([2, 3, GPT2_VOCAB]);
    expect(Array.from(source.inputs!)).toEqual([16833, 3626, 6100, 40, 1107, 588]);
    expect(Array.from(source.batch.targets)).toEqual([3626, 6100, 345, 1107, 588, 11311]);
  });

  it('refuses a one-token text with a sentence that says what to do', async () => {
    const refusal = textSource(['every effort moves you', 'hello']);
    await expect(refusal).rejects.toBeInstanceOf(XentInputError);
    await expect(refusal).rejects.toThrow(/^Text 2 has one token; type at least two words/);
    await expect(textSource(['', 'I really like chocolate'])).rejects.toThrow(/^Text 1 has no tokens/);
  });

  it(`keeps at most ${MAX_TEXT_TOKENS} tokens of a long text`, async () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const source = await textSource([long, 'I really like chocolate']);
    expect(source.batch.shape[1]).toBe(MAX_TEXT_TOKENS - 1);
  });
});
