/**
 * GPT-2's BPE tokenizer (r50k_base) for the page: encode typed text, and show token ids as text.
 * The vocabulary is large, so it is loaded on demand, after the numbers are on screen; ids stay
 * visible without it.
 */
export type Decode = (id: number) => string;

/** GPT-2's vocabulary size: logits with another V are not GPT-2's, so their ids are not decoded. */
export const GPT2_VOCAB = 50257;
/** GPT-2's padded vocabulary (nanoGPT rounds 50,257 up to 50,304); ids ≥ 50,257 are unused. */
export const GPT2_VOCAB_PADDED = 50304;
/** <|endoftext|>, also what GPT-2 pipelines pad with. */
export const END_OF_TEXT = 50256;

export interface Tokenizer {
  encode(text: string): number[];
  /**
   * A token as text. A token that is only part of a UTF-8 character (byte-level BPE) shows its
   * bytes, e.g. "⟨e2 80⟩", never "�".
   */
  decode: Decode;
}

interface BpeCore {
  decodeNativeGenerator(tokens: Iterable<number>): Generator<Uint8Array | string>;
}

let tokenizer: Promise<Tokenizer> | null = null;

/** Loads the vocabulary once (a separate chunk of about 1 MB). */
export function loadTokenizer(): Promise<Tokenizer> {
  tokenizer ??= import('gpt-tokenizer/encoding/gpt2').then((m) => {
    // The library's byte-level core: a token's raw bytes when they are not a whole character.
    const core = (m.default as unknown as { bytePairEncodingCoreProcessor?: BpeCore })
      .bytePairEncodingCoreProcessor;
    const decode = (id: number): string => {
      if (!Number.isInteger(id) || id < 0 || id >= GPT2_VOCAB) return '∅';
      if (core) {
        const [piece] = core.decodeNativeGenerator([id]);
        if (piece instanceof Uint8Array) return bytesLabel(piece);
      }
      const text = m.decode([id]);
      return text.includes('\uFFFD') ? bytesLabel(new TextEncoder().encode(text)) : text;
    };
    return { encode: (text: string) => m.encode(text), decode };
  });
  return tokenizer;
}

export function loadDecoder(): Promise<Decode> {
  return loadTokenizer().then((t) => t.decode);
}

/** Bytes as hex in angle brackets: [0xe2, 0x80] → "⟨e2 80⟩". */
export function bytesLabel(bytes: Uint8Array): string {
  return `⟨${Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(' ')}⟩`;
}

/** A token as text with its leading space made visible (␣), e.g. " effort" → "␣effort". */
export function showToken(text: string): string {
  return text.replace(/^ /, '␣').replace(/\n/g, '⏎').replace(/\t/g, '⇥');
}
