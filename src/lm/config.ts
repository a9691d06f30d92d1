/**
 * A causal language model's `config.json`, read strictly: the few numbers the forward pass needs
 * to feed an ONNX decoder exported the hub's way (empty past key/value tensors of shape
 * [batch, kv_heads, 0, head_dim] for each layer), and the start token to put before the text.
 *
 * Three naming schemes cover the families on the hub: GPT-2's and GPT-J's (n_layer, n_head,
 * n_embd, n_positions), GPT-Neo's (num_layers, num_heads, hidden_size, max_position_embeddings;
 * TinyStories), and the Llama lineage's (num_hidden_layers, num_attention_heads,
 * num_key_value_heads, hidden_size, head_dim, max_position_embeddings), used by Llama, Mistral,
 * Qwen2/3, SmolLM, Gemma, Phi-3 and OLMo. Multimodal configs (Gemma 3) nest the language model's
 * numbers under text_config.
 */
import { XentInputError } from '../errors';

export interface ModelSpec {
  /** config.json's model_type, e.g. 'gpt2', 'llama', 'qwen2'. */
  family: string;
  /** V, the width of the logits. */
  vocab: number;
  layers: number;
  /** Heads of the key/value cache (fewer than the query heads with grouped-query attention). */
  kvHeads: number;
  headDim: number;
  /** The start token's id from config.json (bos_token_id), if it names one. */
  bosTokenId: number | null;
  eosTokenId: number | null;
  /** The longest text the model reads at once (its position table), if config.json says. */
  context: number | null;
}

/** V up to 262,144 (Gemma 3) fits every stage; more would not fit one WebGPU binding per row plan. */
export const MAX_VOCAB = 262_144;

type Json = Record<string, unknown>;

function int(config: Json, names: readonly string[], what: string, file: string): number {
  for (const name of names) {
    const v = config[name];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
      throw new XentInputError(
        `${file} gives ${name} = ${JSON.stringify(v)}; ${what} must be a positive integer.`,
      );
    }
    return v;
  }
  throw new XentInputError(
    `${file} does not give ${what} (${names.join(' or ')}); is it a causal language model's config?`,
  );
}

/** The first of `names` that is a positive integer, or null. */
function optionalInt(config: Json, names: readonly string[]): number | null {
  for (const name of names) {
    const v = config[name];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  }
  return null;
}

/** An id field that may be absent, null, a number or (in some configs) a list of numbers. */
function tokenId(config: Json, name: string): number | null {
  const v = config[name];
  const first = Array.isArray(v) ? (v as unknown[])[0] : v;
  return typeof first === 'number' && Number.isSafeInteger(first) && first >= 0 ? first : null;
}

/** Parses config.json's text. `file` names it in the sentences (e.g. the URL it came from). */
export function parseModelConfig(text: string, file = 'config.json'): ModelSpec {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new XentInputError(
      `${file} is not valid JSON; the model folder needs the config.json the model was exported with.`,
    );
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new XentInputError(`${file} is not a JSON object; the model folder needs the model's config.json.`);
  }
  const c = config as Json;
  // Multimodal configs (e.g. Gemma 3) keep the language model's numbers under text_config.
  const t = typeof c.text_config === 'object' && c.text_config !== null ? (c.text_config as Json) : c;
  const family =
    typeof c.model_type === 'string'
      ? c.model_type
      : typeof t.model_type === 'string'
        ? t.model_type
        : 'unknown';
  const vocab = int(t, ['vocab_size'], 'the vocabulary size', file);
  if (vocab > MAX_VOCAB) {
    throw new XentInputError(
      `${file} gives a vocabulary of ${vocab} tokens; this lab handles up to ${MAX_VOCAB}.`,
    );
  }
  const layers = int(
    t,
    ['num_hidden_layers', 'n_layer', 'num_layers', 'n_layers'],
    'the number of layers',
    file,
  );
  const heads = int(
    t,
    ['num_attention_heads', 'n_head', 'num_heads', 'n_heads'],
    'the number of attention heads',
    file,
  );
  const kvHeads =
    t.num_key_value_heads === undefined || t.num_key_value_heads === null
      ? heads
      : int(t, ['num_key_value_heads'], 'the number of key/value heads', file);
  const hidden = int(t, ['hidden_size', 'n_embd', 'd_model'], 'the hidden size', file);
  const headDim =
    t.head_dim === undefined || t.head_dim === null
      ? hidden / heads
      : int(t, ['head_dim'], 'the head size', file);
  if (!Number.isInteger(headDim)) {
    throw new XentInputError(`${file}: the hidden size ${hidden} does not divide into ${heads} heads.`);
  }
  return {
    family,
    vocab,
    layers,
    kvHeads,
    headDim,
    bosTokenId: tokenId(c, 'bos_token_id') ?? tokenId(t, 'bos_token_id'),
    eosTokenId: tokenId(c, 'eos_token_id') ?? tokenId(t, 'eos_token_id'),
    context: optionalInt(t, ['n_positions', 'max_position_embeddings', 'n_ctx', 'max_seq_len']),
  };
}
