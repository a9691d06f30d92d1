/**
 * Token strings for display, from GPT-2's BPE vocabulary (r50k_base, 50,257 tokens). The
 * vocabulary is large, so it is loaded on demand, after the numbers are on screen.
 */
export type Decode = (id: number) => string;

let decoder: Promise<Decode> | null = null;

export function loadDecoder(): Promise<Decode> {
  decoder ??= import('gpt-tokenizer/encoding/gpt2').then((m) => (id: number) => m.decode([id]));
  return decoder;
}

/** A token as text with its leading space made visible (␣), e.g. " effort" → "␣effort". */
export function showToken(text: string): string {
  return text.replace(/^ /, '␣').replace(/\n/g, '⏎');
}
