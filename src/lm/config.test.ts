/**
 * config.json as the hub's causal LMs ship it, in each family's naming scheme, read into the
 * numbers a forward pass needs: layers, key/value heads, head size, V, the context and the
 * start and end tokens.
 */
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../errors';
import { MAX_VOCAB, parseModelConfig, type ModelSpec } from './config';

const parse = (config: unknown, file?: string) => parseModelConfig(JSON.stringify(config), file);

/** openai-community/gpt2 */
const GPT2 = {
  activation_function: 'gelu_new',
  architectures: ['GPT2LMHeadModel'],
  attn_pdrop: 0.1,
  bos_token_id: 50256,
  embd_pdrop: 0.1,
  eos_token_id: 50256,
  initializer_range: 0.02,
  layer_norm_epsilon: 1e-5,
  model_type: 'gpt2',
  n_ctx: 1024,
  n_embd: 768,
  n_head: 12,
  n_inner: null,
  n_layer: 12,
  n_positions: 1024,
  resid_pdrop: 0.1,
  summary_activation: null,
  summary_first_dropout: 0.1,
  summary_proj_to_labels: true,
  summary_type: 'cls_index',
  summary_use_proj: true,
  task_specific_params: { 'text-generation': { do_sample: true, max_length: 50 } },
  vocab_size: 50257,
};

/** roneneldan/TinyStories-3M */
const TINYSTORIES_3M = {
  activation_function: 'gelu_new',
  architectures: ['GPTNeoForCausalLM'],
  attention_dropout: 0,
  attention_layers: ['global', 'local', 'global', 'local', 'global', 'local', 'global', 'local'],
  attention_types: [[['global', 'local'], 4]],
  bos_token_id: 50256,
  embed_dropout: 0,
  eos_token_id: 50256,
  gradient_checkpointing: false,
  hidden_size: 128,
  initializer_range: 0.02,
  intermediate_size: null,
  layer_norm_epsilon: 1e-5,
  max_position_embeddings: 2048,
  model_type: 'gpt_neo',
  num_heads: 16,
  num_layers: 8,
  resid_dropout: 0,
  torch_dtype: 'float32',
  use_cache: true,
  vocab_size: 50257,
  window_size: 256,
};

/** meta-llama/Llama-3.2-1B-Instruct */
const LLAMA_32_1B = {
  architectures: ['LlamaForCausalLM'],
  attention_bias: false,
  attention_dropout: 0.0,
  bos_token_id: 128000,
  eos_token_id: [128001, 128008, 128009],
  head_dim: 64,
  hidden_act: 'silu',
  hidden_size: 2048,
  initializer_range: 0.02,
  intermediate_size: 8192,
  max_position_embeddings: 131072,
  mlp_bias: false,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 16,
  num_key_value_heads: 8,
  pretraining_tp: 1,
  rms_norm_eps: 1e-5,
  rope_scaling: {
    factor: 32.0,
    high_freq_factor: 4.0,
    low_freq_factor: 1.0,
    original_max_position_embeddings: 8192,
    rope_type: 'llama3',
  },
  rope_theta: 500000.0,
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
  use_cache: true,
  vocab_size: 128256,
};

/** Qwen/Qwen2.5-0.5B */
const QWEN25_05B = {
  architectures: ['Qwen2ForCausalLM'],
  attention_dropout: 0.0,
  bos_token_id: 151643,
  eos_token_id: 151643,
  hidden_act: 'silu',
  hidden_size: 896,
  initializer_range: 0.02,
  intermediate_size: 4864,
  max_position_embeddings: 32768,
  max_window_layers: 24,
  model_type: 'qwen2',
  num_attention_heads: 14,
  num_hidden_layers: 24,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000.0,
  sliding_window: 32768,
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
  use_cache: true,
  use_mrope: false,
  use_sliding_window: false,
  vocab_size: 151936,
};

/** Qwen/Qwen3-0.6B: 16 heads of 128 over a hidden size of 1024, so head_dim must win. */
const QWEN3_06B = {
  architectures: ['Qwen3ForCausalLM'],
  attention_bias: false,
  bos_token_id: 151643,
  eos_token_id: 151645,
  head_dim: 128,
  hidden_size: 1024,
  max_position_embeddings: 40960,
  model_type: 'qwen3',
  num_attention_heads: 16,
  num_hidden_layers: 28,
  num_key_value_heads: 8,
  tie_word_embeddings: true,
  vocab_size: 151936,
};

/** HuggingFaceTB/SmolLM2-135M-Instruct: its bos_token_id 1 is <|im_start|>. */
const SMOLLM2_135M_INSTRUCT = {
  architectures: ['LlamaForCausalLM'],
  bos_token_id: 1,
  eos_token_id: 2,
  hidden_size: 576,
  max_position_embeddings: 8192,
  model_type: 'llama',
  num_attention_heads: 9,
  num_hidden_layers: 30,
  num_key_value_heads: 3,
  pad_token_id: 2,
  tie_word_embeddings: true,
  vocab_size: 49152,
};

/** Gemma 3 as a multimodal config: the language model's numbers under text_config (1B's). */
const GEMMA3_NESTED = {
  architectures: ['Gemma3ForConditionalGeneration'],
  boi_token_index: 255999,
  eoi_token_index: 256000,
  bos_token_id: 2,
  eos_token_id: [1, 106],
  image_token_index: 262144,
  model_type: 'gemma3',
  text_config: {
    attention_bias: false,
    head_dim: 256,
    hidden_activation: 'gelu_pytorch_tanh',
    hidden_size: 1152,
    intermediate_size: 6912,
    max_position_embeddings: 32768,
    model_type: 'gemma3_text',
    num_attention_heads: 4,
    num_hidden_layers: 26,
    num_key_value_heads: 1,
    query_pre_attn_scalar: 256,
    rms_norm_eps: 1e-6,
    rope_local_base_freq: 10000,
    rope_theta: 1000000,
    sliding_window: 512,
    vocab_size: 262144,
  },
  vision_config: { hidden_size: 1152, model_type: 'siglip_vision_model', num_hidden_layers: 27 },
};

/** microsoft/Phi-3-mini-4k-instruct */
const PHI3_MINI = {
  architectures: ['Phi3ForCausalLM'],
  attention_dropout: 0.0,
  bos_token_id: 1,
  embd_pdrop: 0.0,
  eos_token_id: 32000,
  hidden_act: 'silu',
  hidden_size: 3072,
  initializer_range: 0.02,
  intermediate_size: 8192,
  max_position_embeddings: 4096,
  model_type: 'phi3',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 32,
  original_max_position_embeddings: 4096,
  pad_token_id: 32000,
  resid_pdrop: 0.0,
  rms_norm_eps: 1e-5,
  rope_scaling: null,
  rope_theta: 10000.0,
  sliding_window: 2047,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  use_cache: true,
  vocab_size: 32064,
};

/** allenai/OLMo-1B-hf: the Llama lineage's names, no BOS. */
const OLMO_1B_HF = {
  architectures: ['OlmoForCausalLM'],
  attention_bias: false,
  bos_token_id: null,
  clip_qkv: null,
  eos_token_id: 50279,
  hidden_act: 'silu',
  hidden_size: 2048,
  intermediate_size: 8192,
  max_position_embeddings: 2048,
  model_type: 'olmo',
  num_attention_heads: 16,
  num_hidden_layers: 16,
  num_key_value_heads: 16,
  pad_token_id: 1,
  rope_theta: 10000.0,
  tie_word_embeddings: true,
  vocab_size: 50304,
};

/** OLMo-1's own (hf_olmo) names: d_model, n_heads, n_layers. */
const OLMO_1_STYLE = {
  activation_type: 'swiglu',
  architectures: ['OLMoForCausalLM'],
  d_model: 2048,
  eos_token_id: 50279,
  model_type: 'olmo',
  n_heads: 16,
  n_layers: 16,
  pad_token_id: 1,
  vocab_size: 50304,
  weight_tying: true,
};

describe('parseModelConfig on the hub’s configs', () => {
  it.each<[string, unknown, ModelSpec]>([
    [
      'GPT-2',
      GPT2,
      {
        family: 'gpt2',
        vocab: 50257,
        layers: 12,
        kvHeads: 12,
        headDim: 64,
        bosTokenId: 50256,
        eosTokenId: 50256,
        context: 1024,
      },
    ],
    [
      'GPT-Neo (TinyStories-3M)',
      TINYSTORIES_3M,
      {
        family: 'gpt_neo',
        vocab: 50257,
        layers: 8,
        kvHeads: 16,
        headDim: 8,
        bosTokenId: 50256,
        eosTokenId: 50256,
        context: 2048,
      },
    ],
    [
      'Llama 3.2 1B Instruct (an EOS list: the first)',
      LLAMA_32_1B,
      {
        family: 'llama',
        vocab: 128256,
        layers: 16,
        kvHeads: 8,
        headDim: 64,
        bosTokenId: 128000,
        eosTokenId: 128001,
        context: 131072,
      },
    ],
    [
      'Qwen2.5 0.5B',
      QWEN25_05B,
      {
        family: 'qwen2',
        vocab: 151936,
        layers: 24,
        kvHeads: 2,
        headDim: 64,
        bosTokenId: 151643,
        eosTokenId: 151643,
        context: 32768,
      },
    ],
    [
      'Qwen3 0.6B (head_dim ≠ hidden / heads)',
      QWEN3_06B,
      {
        family: 'qwen3',
        vocab: 151936,
        layers: 28,
        kvHeads: 8,
        headDim: 128,
        bosTokenId: 151643,
        eosTokenId: 151645,
        context: 40960,
      },
    ],
    [
      'SmolLM2 135M Instruct',
      SMOLLM2_135M_INSTRUCT,
      {
        family: 'llama',
        vocab: 49152,
        layers: 30,
        kvHeads: 3,
        headDim: 64,
        bosTokenId: 1,
        eosTokenId: 2,
        context: 8192,
      },
    ],
    [
      'Gemma 3 (text_config)',
      GEMMA3_NESTED,
      {
        family: 'gemma3',
        vocab: 262144,
        layers: 26,
        kvHeads: 1,
        headDim: 256,
        bosTokenId: 2,
        eosTokenId: 1,
        context: 32768,
      },
    ],
    [
      'Phi-3 mini',
      PHI3_MINI,
      {
        family: 'phi3',
        vocab: 32064,
        layers: 32,
        kvHeads: 32,
        headDim: 96,
        bosTokenId: 1,
        eosTokenId: 32000,
        context: 4096,
      },
    ],
    [
      'OLMo 1B (hf)',
      OLMO_1B_HF,
      {
        family: 'olmo',
        vocab: 50304,
        layers: 16,
        kvHeads: 16,
        headDim: 128,
        bosTokenId: null,
        eosTokenId: 50279,
        context: 2048,
      },
    ],
  ])('%s', (_name, config, spec) => {
    expect(parse(config)).toEqual(spec);
  });

  it('OLMo-1’s own names: d_model, n_heads, n_layers', () => {
    expect(parse(OLMO_1_STYLE)).toMatchObject({
      family: 'olmo',
      vocab: 50304,
      layers: 16,
      kvHeads: 16,
      headDim: 128,
      bosTokenId: null,
      eosTokenId: 50279,
    });
  });

  it('reads the text_config of a config whose model_type is only inside it', () => {
    const { model_type: _drop, ...rest } = GEMMA3_NESTED;
    expect(parse(rest).family).toBe('gemma3_text');
    expect(parse({ ...GPT2, model_type: undefined }).family).toBe('unknown');
  });

  it('takes the start and end tokens from text_config when the top level has none', () => {
    const config = {
      model_type: 'gemma3',
      text_config: { ...GEMMA3_NESTED.text_config, bos_token_id: 2, eos_token_id: 106 },
    };
    expect(parse(config)).toMatchObject({ bosTokenId: 2, eosTokenId: 106 });
  });

  it('a Gemma 3 config that leaves text_config’s numbers to defaults is refused with a sentence', () => {
    // google/gemma-3-4b-it's config.json names only what differs from Gemma3TextConfig's defaults.
    const sparse = {
      architectures: ['Gemma3ForConditionalGeneration'],
      model_type: 'gemma3',
      text_config: {
        hidden_size: 2560,
        intermediate_size: 10240,
        model_type: 'gemma3_text',
        num_hidden_layers: 34,
      },
    };
    expect(() => parse(sparse)).toThrow(XentInputError);
    expect(() => parse(sparse)).toThrow(/does not give the vocabulary size \(vocab_size\)/);
  });
});

describe('parseModelConfig’s defaults and checks', () => {
  it('kv heads default to the query heads, head size to hidden / heads, when absent or null', () => {
    const spec = parse({ ...QWEN25_05B, num_key_value_heads: null, head_dim: null });
    expect(spec.kvHeads).toBe(14);
    expect(spec.headDim).toBe(64);
  });

  it('the context is null when config.json gives none, or reads n_ctx or max_seq_len', () => {
    const { n_positions: _a, n_ctx: _b, ...gpt2 } = GPT2;
    expect(parse(gpt2).context).toBeNull();
    expect(parse({ ...gpt2, n_ctx: 512 }).context).toBe(512);
    expect(parse({ ...gpt2, max_seq_len: 300 }).context).toBe(300);
    // n_positions comes first.
    expect(parse({ ...GPT2, n_positions: 1024, max_position_embeddings: 2048 }).context).toBe(1024);
    expect(parse({ ...gpt2, n_positions: 0 }).context).toBeNull();
  });

  it('token ids that are absent, null, negative or not numbers are null', () => {
    const { bos_token_id: _a, eos_token_id: _b, ...gpt2 } = GPT2;
    expect(parse(gpt2)).toMatchObject({ bosTokenId: null, eosTokenId: null });
    expect(parse({ ...GPT2, bos_token_id: null, eos_token_id: -1 })).toMatchObject({
      bosTokenId: null,
      eosTokenId: null,
    });
    expect(parse({ ...GPT2, bos_token_id: '50256', eos_token_id: [] })).toMatchObject({
      bosTokenId: null,
      eosTokenId: null,
    });
    expect(parse({ ...GPT2, bos_token_id: 0 }).bosTokenId).toBe(0);
  });

  it(`accepts V up to ${MAX_VOCAB} and refuses more`, () => {
    expect(MAX_VOCAB).toBe(262_144);
    expect(parse({ ...GPT2, vocab_size: MAX_VOCAB }).vocab).toBe(MAX_VOCAB);
    // Gemma3TextConfig's default vocabulary (262,208) is over the line.
    expect(() => parse({ ...GPT2, vocab_size: 262_208 })).toThrow(XentInputError);
    expect(() => parse({ ...GPT2, vocab_size: 262_208 })).toThrow(
      /262208 tokens; this lab handles up to 262144/,
    );
  });

  it('refuses a hidden size that does not divide into the heads', () => {
    expect(() => parse({ ...GPT2, n_embd: 770 })).toThrow(XentInputError);
    expect(() => parse({ ...GPT2, n_embd: 770 })).toThrow(/hidden size 770 does not divide into 12 heads/);
    // An explicit head_dim makes the division irrelevant.
    expect(parse({ ...GPT2, n_embd: 770, head_dim: 64 }).headDim).toBe(64);
  });

  it('refuses numbers that are not positive integers, naming the field', () => {
    for (const [field, value] of [
      ['vocab_size', 0],
      ['vocab_size', -5],
      ['vocab_size', 50257.5],
      ['vocab_size', '50257'],
      ['n_layer', 0],
      ['n_head', 1.5],
      ['n_embd', true],
    ] as const) {
      expect(() => parse({ ...GPT2, [field]: value }), `${field} = ${value}`).toThrow(
        new RegExp(
          `^config\\.json gives ${field} = ${JSON.stringify(value).replace(/\./g, '\\.')}; .* must be a positive integer\\.$`,
        ),
      );
    }
    expect(() => parse({ ...QWEN25_05B, num_key_value_heads: 0 })).toThrow(/num_key_value_heads = 0/);
    expect(() => parse({ ...QWEN25_05B, head_dim: -64 })).toThrow(/head_dim = -64/);
  });

  it('refuses a config without a number it needs, listing the names it tried', () => {
    const { n_layer: _drop, ...noLayers } = GPT2;
    expect(() => parse(noLayers)).toThrow(
      /does not give the number of layers \(num_hidden_layers or n_layer or num_layers or n_layers\)/,
    );
    const { vocab_size: _v, ...noVocab } = GPT2;
    expect(() => parse(noVocab)).toThrow(XentInputError);
    const { n_embd: _e, ...noHidden } = GPT2;
    expect(() => parse(noHidden)).toThrow(/the hidden size \(hidden_size or n_embd or d_model\)/);
  });

  it('refuses what is not a JSON object, naming the file', () => {
    expect(() => parseModelConfig('{"model_type": "gpt2",', 'https://hub/x/config.json')).toThrow(
      /^https:\/\/hub\/x\/config\.json is not valid JSON/,
    );
    for (const text of ['[]', 'null', '42', '"gpt2"']) {
      expect(() => parseModelConfig(text), text).toThrow(XentInputError);
      expect(() => parseModelConfig(text), text).toThrow(/^config\.json is not a JSON object/);
    }
  });

  it('names the file in every sentence', () => {
    expect(() => parse({ ...GPT2, n_layer: 0 }, 'models/gpt2/config.json')).toThrow(
      /^models\/gpt2\/config\.json gives/,
    );
  });
});
