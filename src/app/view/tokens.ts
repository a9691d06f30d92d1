/**
 * Token strings for display, from GPT-2's BPE vocabulary (r50k_base). The vocabulary is large,
 * so it is loaded on demand, after the numbers are on screen; ids stay visible without it.
 */
export type Decode = (id: number) => string;

/** GPT-2's vocabulary size: logits with another V are not GPT-2's, so their ids are not decoded. */
export const GPT2_VOCAB = 50257;

let decoder: Promise<Decode> | null = null;

export function loadDecoder(): Promise<Decode> {
  decoder ??= import('gpt-tokenizer/encoding/gpt2').then(
    (m) => (id: number) => (Number.isInteger(id) && id >= 0 && id < GPT2_VOCAB ? m.decode([id]) : '∅'),
  );
  return decoder;
}

/** A token as text with its leading space made visible (␣), e.g. " effort" → "␣effort". */
export function showToken(text: string): string {
  return text.replace(/^ /, '␣').replace(/\n/g, '⏎');
}
