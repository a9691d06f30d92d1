/**
 * A model's own tokenizer, read from its `tokenizer.json` and `tokenizer_config.json` by
 * @huggingface/tokenizers (the tokenizer code transformers.js uses), never a hand-written BPE.
 *
 * Scoring needs a start token before the text: the model predicts token 1 from it, so the first
 * typed token is scored too. Which token, in this order (startToken below):
 *   1. the token the tokenizer's own post-processor puts before every text (a TemplateProcessing
 *      whose single-text template begins with a special token: Llama's <s> and
 *      <|begin_of_text|>, Gemma's <bos>): the model was trained with it there;
 *   2. else the document separator <|endoftext|> (GPT-2, GPT-Neo, Qwen, SmolLM2): the token the
 *      model saw between documents, so what follows it is the start of a text;
 *   3. else config.json's bos_token_id or tokenizer_config.json's bos_token, then the EOS,
 * never a chat-template marker (<|im_start|>, <start_of_turn>, …): an instruct model's config may
 * name one as its BOS (SmolLM2-Instruct's bos_token_id 1 is <|im_start|>), and a text scored after
 * it is scored as the start of a chat turn.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { XentInputError } from '../errors';
import type { ModelSpec } from './config';

export interface ModelTokenizer {
  /** The text's ids with the start token first: (1 + n) ids. */
  encode(text: string): number[];
  /** The text's ids alone, no start token (a window of a long text, as the book's loaders cut). */
  encodePlain(text: string): number[];
  decode(ids: readonly number[]): string;
  /** One token's text (special tokens included), for chips and tables. */
  piece(id: number): string;
  /**
   * One token's raw bytes, when the tokenizer works on bytes (GPT‑2's and Qwen's byte-level BPE,
   * Llama's <0xE4> byte fallback); null otherwise. A piece that is part of a character (GPT‑2 spends
   * three tokens on some Chinese characters) decodes to "�"; its bytes say what it is.
   */
  pieceBytes(id: number): Uint8Array | null;
  startId: number;
  startText: string;
  /** Why this start token: which rule of startToken chose it. */
  startRule: StartRule;
}

export type StartRule = 'post-processor' | 'document-separator' | 'bos' | 'eos';

/**
 * GPT‑2's byte-level alphabet, inverted: the printable character each byte is written as in a
 * byte-level BPE vocabulary (bytes_to_unicode in GPT‑2's encoder.py: the printable Latin-1 bytes
 * as themselves, every other byte as U+0100 + n in order) → the byte.
 */
const BYTE_OF_CHAR: ReadonlyMap<string, number> = (() => {
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const map = new Map<string, number>();
  let next = 0;
  for (let b = 0; b < 256; b++) map.set(String.fromCodePoint(printable(b) ? b : 0x100 + next++), b);
  return map;
})();

/** Whether a tokenizer.json decodes bytes: a ByteLevel decoder, or a ByteFallback one (alone or in a Sequence). */
function decoderKinds(json: Record<string, unknown>): Set<string> {
  const kinds = new Set<string>();
  const visit = (d: unknown) => {
    if (typeof d !== 'object' || d === null) return;
    const dec = d as Record<string, unknown>;
    if (typeof dec.type === 'string') kinds.add(dec.type);
    if (Array.isArray(dec.decoders)) for (const inner of dec.decoders as unknown[]) visit(inner);
  };
  visit(json.decoder);
  return kinds;
}

/** The raw bytes of each token of a byte-level or byte-fallback vocabulary, by id; null for other tokenizers. */
export function tokenBytes(json: Record<string, unknown>): ((id: number) => Uint8Array | null) | null {
  const kinds = decoderKinds(json);
  const byteLevel = kinds.has('ByteLevel');
  const byteFallback = kinds.has('ByteFallback');
  const model = json.model as Record<string, unknown> | undefined;
  const vocab = model?.vocab;
  if ((!byteLevel && !byteFallback) || typeof vocab !== 'object' || vocab === null || Array.isArray(vocab))
    return null;
  let byId: Map<number, string> | null = null;
  return (id) => {
    byId ??= new Map(Object.entries(vocab as Record<string, number>).map(([token, i]) => [i, token]));
    const token = byId.get(id);
    if (token === undefined) return null;
    const fallback = /^<0x([0-9A-Fa-f]{2})>$/.exec(token);
    if (byteFallback && fallback) return Uint8Array.of(parseInt(fallback[1]!, 16));
    if (!byteLevel) return null;
    const bytes: number[] = [];
    for (const ch of token) {
      const b = BYTE_OF_CHAR.get(ch);
      if (b === undefined) return null;
      bytes.push(b);
    }
    return Uint8Array.from(bytes);
  };
}

/** Tokens of chat templates, which must not stand before a plain text. */
export const CHAT_MARKER =
  /im_start|im_end|start_of_turn|end_of_turn|start_header_id|end_header_id|eot_id|<\|(?:user|assistant|system|end)\|>/;

/**
 * The special token a tokenizer.json post-processor puts first in a single text: a
 * TemplateProcessing (possibly inside a Sequence) whose `single` begins with a SpecialToken, or
 * Bert/Roberta's `cls`. [text, id] or null.
 */
export function postProcessorStart(json: Record<string, unknown>): [string, number] | null {
  const visit = (p: unknown): [string, number] | null => {
    if (typeof p !== 'object' || p === null) return null;
    const proc = p as Record<string, unknown>;
    if (proc.type === 'Sequence' && Array.isArray(proc.processors)) {
      for (const inner of proc.processors as unknown[]) {
        const found = visit(inner);
        if (found) return found;
      }
      return null;
    }
    if (proc.type === 'TemplateProcessing' && Array.isArray(proc.single)) {
      const first = (proc.single as unknown[])[0] as { SpecialToken?: { id?: unknown } } | undefined;
      const token = first?.SpecialToken?.id;
      if (typeof token !== 'string') return null;
      const special = (proc.special_tokens as Record<string, { ids?: unknown }> | undefined)?.[token];
      const id = Array.isArray(special?.ids) ? (special.ids as unknown[])[0] : undefined;
      return typeof id === 'number' ? [token, id] : null;
    }
    if ((proc.type === 'BertProcessing' || proc.type === 'RobertaProcessing') && Array.isArray(proc.cls)) {
      const [token, id] = proc.cls as unknown[];
      return typeof token === 'string' && typeof id === 'number' ? [token, id] : null;
    }
    return null;
  };
  return visit(json.post_processor);
}

function parseJson(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new XentInputError(`${file} is not valid JSON; the model folder needs the model's own ${file}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new XentInputError(`${file} is not a JSON object; the model folder needs the model's own ${file}.`);
  }
  return value as Record<string, unknown>;
}

/** A token named in tokenizer_config.json: a string, or an object with `content`. */
function namedToken(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    return (value as { content: string }).content;
  }
  return null;
}

export function loadTokenizer(
  tokenizerJson: string,
  tokenizerConfigJson: string,
  spec: ModelSpec,
): ModelTokenizer {
  const json = parseJson(tokenizerJson, 'tokenizer.json');
  const config = parseJson(tokenizerConfigJson, 'tokenizer_config.json');
  if (typeof json.model !== 'object' || json.model === null) {
    throw new XentInputError(
      'tokenizer.json has no model section; the model folder needs the tokenizer.json saved with the model.',
    );
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, config);
  } catch (error) {
    throw new XentInputError(
      `tokenizer.json could not be read (${(error as Error).message}); use the tokenizer.json saved with the model.`,
    );
  }
  const idOf = (token: string): number | null => {
    const ids = tokenizer.encode(token, { add_special_tokens: false }).ids;
    return ids.length === 1 ? ids[0]! : null;
  };
  const piece = (id: number) =>
    tokenizer.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  const bytesOf = tokenBytes(json);
  const start = startToken(json, config, spec, idOf, piece);
  if (start === null) {
    throw new XentInputError(
      'The model names no start token (its tokenizer adds none, it has no <|endoftext|>, and its BOS and EOS are missing or chat markers); it cannot score the first token of a text.',
    );
  }
  const [startId, startRule] = start;
  if (startId >= spec.vocab) {
    throw new XentInputError(
      `The start token's id ${startId} is outside the model's vocabulary of ${spec.vocab}.`,
    );
  }
  const encodePlain = (text: string) => {
    const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
    for (const id of ids) {
      if (id >= spec.vocab) {
        throw new XentInputError(
          `The tokenizer gave id ${id}, outside the model's vocabulary of ${spec.vocab}; the tokenizer and the model do not match.`,
        );
      }
    }
    return ids;
  };
  return {
    encode: (text) => [startId, ...encodePlain(text)],
    encodePlain,
    decode: (ids) =>
      tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    piece,
    pieceBytes: (id) => bytesOf?.(id) ?? null,
    startId,
    startText: piece(startId),
    startRule,
  };
}

/** The start token by the rules at the top of this file: [id, rule] or null. */
function startToken(
  json: Record<string, unknown>,
  config: Record<string, unknown>,
  spec: ModelSpec,
  idOf: (token: string) => number | null,
  piece: (id: number) => string,
): [number, StartRule] | null {
  const added = postProcessorStart(json);
  if (added) return [added[1], 'post-processor'];
  const separator = idOf('<|endoftext|>');
  if (separator !== null && piece(separator) === '<|endoftext|>') return [separator, 'document-separator'];
  const usable = (id: number | null): id is number => id !== null && !CHAT_MARKER.test(piece(id));
  const bosNamed = namedToken(config.bos_token);
  const bos = spec.bosTokenId ?? (bosNamed !== null ? idOf(bosNamed) : null);
  if (usable(bos)) return [bos, 'bos'];
  const eosNamed = namedToken(config.eos_token);
  const eos = spec.eosTokenId ?? (eosNamed !== null ? idOf(eosNamed) : null);
  if (usable(eos)) return [eos, 'eos'];
  return null;
}
