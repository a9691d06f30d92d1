/**
 * A model's own tokenizer, read from its `tokenizer.json` and `tokenizer_config.json` by
 * @huggingface/tokenizers (the tokenizer code transformers.js uses), never a hand-written BPE.
 *
 * Scoring needs a start token before the text: the model predicts token 1 from it, so the first
 * typed token is scored too. GPT-2 has no BOS and uses `<|endoftext|>` there; other families name
 * their BOS in config.json (bos_token_id) or tokenizer_config.json (bos_token).
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { XentInputError } from '../errors';
import type { ModelSpec } from './config';

export interface ModelTokenizer {
  /** The text's ids with the start token first: (1 + n) ids. */
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** One token's text (special tokens included), for chips and tables. */
  piece(id: number): string;
  startId: number;
  startText: string;
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
  // The start token: config.json's bos_token_id, else tokenizer_config's bos_token, else (GPT-2,
  // which has no BOS) its end-of-text token, which the model saw between documents in training.
  const named = namedToken(config.bos_token) ?? namedToken(config.eos_token);
  const startId = spec.bosTokenId ?? (named !== null ? idOf(named) : null) ?? spec.eosTokenId;
  if (startId === null) {
    throw new XentInputError(
      'The model names no start token (no bos_token_id in config.json, no bos_token in tokenizer_config.json); it cannot score the first token of a text.',
    );
  }
  if (startId >= spec.vocab) {
    throw new XentInputError(
      `The start token's id ${startId} is outside the model's vocabulary of ${spec.vocab}.`,
    );
  }
  const piece = (id: number) =>
    tokenizer.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  return {
    encode(text) {
      const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
      for (const id of ids) {
        if (id >= spec.vocab) {
          throw new XentInputError(
            `The tokenizer gave id ${id}, outside the model's vocabulary of ${spec.vocab}; the tokenizer and the model do not match.`,
          );
        }
      }
      return [startId, ...ids];
    },
    decode: (ids) =>
      tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    piece,
    startId,
    startText: piece(startId),
  };
}
