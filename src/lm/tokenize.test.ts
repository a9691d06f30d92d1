/**
 * The start token: the post-processor's, else <|endoftext|>, else the BOS or EOS, never a chat
 * marker. Checked on tokenizer.json post-processor shapes, on GPT-2's real tokenizer, and on a small
 * hand-made tokenizer shaped like SmolLM2-Instruct's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../errors';
import type { ModelSpec } from './config';
import { CHAT_MARKER, loadTokenizer, postProcessorStart, tokenBytes } from './tokenize';

describe('postProcessorStart', () => {
  it('Llama 3: a Sequence of ByteLevel and a TemplateProcessing that starts with <|begin_of_text|>', () => {
    const json = {
      post_processor: {
        type: 'Sequence',
        processors: [
          { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
          {
            type: 'TemplateProcessing',
            single: [
              { SpecialToken: { id: '<|begin_of_text|>', type_id: 0 } },
              { Sequence: { id: 'A', type_id: 0 } },
            ],
            pair: [
              { SpecialToken: { id: '<|begin_of_text|>', type_id: 0 } },
              { Sequence: { id: 'A', type_id: 0 } },
              { SpecialToken: { id: '<|begin_of_text|>', type_id: 1 } },
              { Sequence: { id: 'B', type_id: 1 } },
            ],
            special_tokens: {
              '<|begin_of_text|>': { id: '<|begin_of_text|>', ids: [128000], tokens: ['<|begin_of_text|>'] },
            },
          },
        ],
      },
    };
    expect(postProcessorStart(json)).toEqual(['<|begin_of_text|>', 128000]);
  });

  it('Llama 2: a TemplateProcessing with <s> = 1', () => {
    const json = {
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
        pair: [
          { SpecialToken: { id: '<s>', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '<s>', type_id: 1 } },
          { Sequence: { id: 'B', type_id: 1 } },
        ],
        special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
      },
    };
    expect(postProcessorStart(json)).toEqual(['<s>', 1]);
  });

  it('GPT-2’s ByteLevel, a missing or null post-processor: none', () => {
    expect(
      postProcessorStart({
        post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
      }),
    ).toBeNull();
    expect(postProcessorStart({ post_processor: null })).toBeNull();
    expect(postProcessorStart({})).toBeNull();
  });

  it('a template that only appends a token at the end: none', () => {
    const json = {
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
        pair: [],
        special_tokens: { '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
      },
    };
    expect(postProcessorStart(json)).toBeNull();
  });

  it('a template whose start token has no id among special_tokens: none', () => {
    const json = {
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
        special_tokens: {},
      },
    };
    expect(postProcessorStart(json)).toBeNull();
  });

  it('Bert’s and Roberta’s cls', () => {
    expect(
      postProcessorStart({
        post_processor: { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] },
      }),
    ).toEqual(['[CLS]', 101]);
    expect(
      postProcessorStart({
        post_processor: {
          type: 'RobertaProcessing',
          sep: ['</s>', 2],
          cls: ['<s>', 0],
          trim_offsets: true,
          add_prefix_space: false,
        },
      }),
    ).toEqual(['<s>', 0]);
  });
});

describe('CHAT_MARKER', () => {
  it.each([
    '<|im_start|>',
    '<|im_end|>',
    '<start_of_turn>',
    '<end_of_turn>',
    '<|start_header_id|>',
    '<|end_header_id|>',
    '<|eot_id|>',
    '<|user|>',
    '<|assistant|>',
    '<|system|>',
    '<|end|>',
  ])('matches %s', (token) => {
    expect(CHAT_MARKER.test(token)).toBe(true);
  });

  it.each([
    '<|endoftext|>',
    '<s>',
    '</s>',
    '<bos>',
    '<eos>',
    '<|begin_of_text|>',
    '<|end_of_text|>',
    '<unk>',
    '[CLS]',
  ])('does not match %s', (token) => {
    expect(CHAT_MARKER.test(token)).toBe(false);
  });
});

const GPT2_DIR = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'lm', 'tiny-gpt2');
const GPT2_JSON = readFileSync(join(GPT2_DIR, 'tokenizer.json'), 'utf8');
const GPT2_CONFIG = readFileSync(join(GPT2_DIR, 'tokenizer_config.json'), 'utf8');
const gpt2Json = () => GPT2_JSON;
const gpt2Config = () => GPT2_CONFIG;

const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({
  family: 'gpt2',
  vocab: 50257,
  layers: 2,
  kvHeads: 2,
  headDim: 8,
  bosTokenId: 50256,
  eosTokenId: 50256,
  context: 128,
  ...over,
});

/** GPT-2's tokenizer.json with another post-processor. */
const withPostProcessor = (postProcessor: unknown) => {
  const json = JSON.parse(gpt2Json()) as Record<string, unknown>;
  json.post_processor = postProcessor;
  return JSON.stringify(json);
};

const template = (token: string, id: number) => ({
  type: 'TemplateProcessing',
  single: [{ SpecialToken: { id: token, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
  pair: [
    { SpecialToken: { id: token, type_id: 0 } },
    { Sequence: { id: 'A', type_id: 0 } },
    { Sequence: { id: 'B', type_id: 1 } },
  ],
  special_tokens: { [token]: { id: token, ids: [id], tokens: [token] } },
});

describe('loadTokenizer with GPT-2’s tokenizer', () => {
  it('starts with <|endoftext|> (50256), the document separator', () => {
    const tokenizer = loadTokenizer(gpt2Json(), gpt2Config(), spec());
    expect(tokenizer.startId).toBe(50256);
    expect(tokenizer.startText).toBe('<|endoftext|>');
    expect(tokenizer.startRule).toBe('document-separator');
    // The book's ids (chapter 5).
    expect(tokenizer.encodePlain('every effort moves you')).toEqual([16833, 3626, 6100, 345]);
    expect(tokenizer.encode('I really like chocolate')).toEqual([50256, 40, 1107, 588, 11311]);
    expect(tokenizer.decode([40, 1107, 588, 11311])).toBe('I really like chocolate');
    expect(tokenizer.piece(3626)).toBe(' effort');
  });

  it('finds <|endoftext|> in the tokenizer itself, with no BOS or EOS named anywhere', () => {
    const tokenizer = loadTokenizer(gpt2Json(), '{}', spec({ bosTokenId: null, eosTokenId: null }));
    expect([tokenizer.startId, tokenizer.startRule]).toEqual([50256, 'document-separator']);
  });

  it('a TemplateProcessing post-processor comes first', () => {
    const tokenizer = loadTokenizer(
      withPostProcessor(template('<|endoftext|>', 50256)),
      gpt2Config(),
      spec(),
    );
    expect([tokenizer.startId, tokenizer.startRule]).toEqual([50256, 'post-processor']);
    expect(tokenizer.encode('Hello world')).toEqual([50256, 15496, 995]);
  });

  it('the post-processor’s token wins over <|endoftext|> even when it is another one', () => {
    // A template that starts every text with "!" (id 0 in GPT-2's vocabulary).
    const tokenizer = loadTokenizer(withPostProcessor(template('!', 0)), gpt2Config(), spec());
    expect(tokenizer.startId).toBe(0);
    expect(tokenizer.startText).toBe('!');
    expect(tokenizer.startRule).toBe('post-processor');
    // encodePlain never adds it: the start token is put there once, by encode.
    expect(tokenizer.encodePlain('Hello world')).toEqual([15496, 995]);
    expect(tokenizer.encode('Hello world')).toEqual([0, 15496, 995]);
  });

  it('refuses a start token outside the model’s vocabulary', () => {
    expect(() => loadTokenizer(gpt2Json(), gpt2Config(), spec({ vocab: 50256 }))).toThrow(XentInputError);
    expect(() => loadTokenizer(gpt2Json(), gpt2Config(), spec({ vocab: 50256 }))).toThrow(
      /start token's id 50256 is outside the model's vocabulary of 50256/,
    );
  });

  it('refuses ids outside the model’s vocabulary when encoding', () => {
    // V = 10,000: <|endoftext|> (50256) is outside it, so the start comes from a template inside it.
    const tokenizer = loadTokenizer(
      withPostProcessor(template('!', 0)),
      gpt2Config(),
      spec({ vocab: 10000 }),
    );
    expect(tokenizer.encodePlain('I really like')).toEqual([40, 1107, 588]);
    expect(() => tokenizer.encodePlain('Hello')).toThrow(XentInputError);
    expect(() => tokenizer.encodePlain('Hello')).toThrow(
      /^The tokenizer gave id 15496, outside the model's vocabulary of 10000/,
    );
  });
});

/** A small byte-free BPE tokenizer shaped like SmolLM2-Instruct's: specials 0, 1, 2, then words. */
function handMade(specials: string[]): string {
  const vocab: Record<string, number> = {};
  specials.forEach((token, id) => (vocab[token] = id));
  const pieces = [
    'h',
    'e',
    'l',
    'o',
    'w',
    'r',
    'd',
    'he',
    'll',
    'hell',
    'hello',
    'wo',
    'rl',
    'worl',
    'world',
  ];
  pieces.forEach((piece, i) => (vocab[piece] = specials.length + i));
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'WhitespaceSplit' },
    post_processor: null,
    decoder: null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: ['h e', 'l l', 'he ll', 'hell o', 'w o', 'r l', 'wo rl', 'worl d'],
    },
  });
}

const smolSpec = (over: Partial<ModelSpec> = {}): ModelSpec =>
  spec({ family: 'llama', vocab: 64, bosTokenId: 1, eosTokenId: 2, ...over });

describe('loadTokenizer with an instruct model’s tokenizer (chat markers among its specials)', () => {
  const SMOL = handMade(['<|endoftext|>', '<|im_start|>', '<|im_end|>']);
  const SMOL_CONFIG = JSON.stringify({
    bos_token: '<|im_start|>',
    eos_token: '<|im_end|>',
    unk_token: '<|endoftext|>',
  });

  it('the hand-made tokenizer loads and tokenizes', () => {
    const tokenizer = loadTokenizer(SMOL, SMOL_CONFIG, smolSpec());
    // hello = 3 + 10, world = 3 + 14
    expect(tokenizer.encodePlain('hello world')).toEqual([13, 17]);
    expect(tokenizer.encodePlain('<|im_start|>hello')).toEqual([1, 13]);
    expect(tokenizer.piece(1)).toBe('<|im_start|>');
    expect(tokenizer.piece(17)).toBe('world');
  });

  it('starts with <|endoftext|>, not the <|im_start|> config.json names as BOS', () => {
    const tokenizer = loadTokenizer(SMOL, SMOL_CONFIG, smolSpec());
    expect(tokenizer.startId).toBe(0);
    expect(tokenizer.startText).toBe('<|endoftext|>');
    expect(tokenizer.startRule).toBe('document-separator');
    expect(tokenizer.encode('hello world')).toEqual([0, 13, 17]);
  });

  describe('without <|endoftext|>', () => {
    const NO_SEPARATOR = handMade(['</s>', '<|im_start|>', '<|im_end|>']);

    it('skips a BOS that is a chat marker and takes a plain EOS', () => {
      const tokenizer = loadTokenizer(NO_SEPARATOR, '{}', smolSpec({ bosTokenId: 1, eosTokenId: 0 }));
      expect([tokenizer.startId, tokenizer.startText, tokenizer.startRule]).toEqual([0, '</s>', 'eos']);
    });

    it('takes a BOS that is not a chat marker', () => {
      const tokenizer = loadTokenizer(NO_SEPARATOR, '{}', smolSpec({ bosTokenId: 0, eosTokenId: 2 }));
      expect([tokenizer.startId, tokenizer.startRule]).toEqual([0, 'bos']);
    });

    it('reads the BOS and EOS named in tokenizer_config.json when config.json has none', () => {
      const config = JSON.stringify({
        bos_token: '<|im_start|>',
        eos_token: { content: '</s>', special: true },
      });
      const tokenizer = loadTokenizer(NO_SEPARATOR, config, smolSpec({ bosTokenId: null, eosTokenId: null }));
      expect([tokenizer.startId, tokenizer.startRule]).toEqual([0, 'eos']);
    });

    it('never chooses a chat marker: when BOS and EOS both are, a sentence', () => {
      for (const tokenizerConfig of [
        '{}',
        JSON.stringify({ bos_token: '<|im_start|>', eos_token: '<|im_end|>' }),
      ]) {
        expect(() =>
          loadTokenizer(NO_SEPARATOR, tokenizerConfig, smolSpec({ bosTokenId: 1, eosTokenId: 2 })),
        ).toThrow(XentInputError);
        expect(() =>
          loadTokenizer(NO_SEPARATOR, tokenizerConfig, smolSpec({ bosTokenId: 1, eosTokenId: 2 })),
        ).toThrow(/^The model names no start token/);
      }
      expect(() =>
        loadTokenizer(
          NO_SEPARATOR,
          JSON.stringify({ bos_token: '<|im_start|>', eos_token: '<|im_end|>' }),
          smolSpec({ bosTokenId: null, eosTokenId: null }),
        ),
      ).toThrow(/^The model names no start token/);
    });
  });
});

describe('loadTokenizer refuses files it cannot read with a sentence', () => {
  it('not JSON, not an object, no model section', () => {
    expect(() => loadTokenizer('{', '{}', spec())).toThrow(/^tokenizer\.json is not valid JSON/);
    expect(() => loadTokenizer('[]', '{}', spec())).toThrow(/^tokenizer\.json is not a JSON object/);
    expect(() => loadTokenizer(gpt2Json(), 'null', spec())).toThrow(
      /^tokenizer_config\.json is not a JSON object/,
    );
    expect(() => loadTokenizer('{"version":"1.0"}', '{}', spec())).toThrow(
      /^tokenizer\.json has no model section/,
    );
  });

  it('a tokenizer.json the library cannot build', () => {
    const json = JSON.parse(handMade(['<|endoftext|>'])) as Record<string, unknown>;
    json.pre_tokenizer = { type: 'NoSuchPreTokenizer' };
    expect(() => loadTokenizer(JSON.stringify(json), '{}', smolSpec())).toThrow(XentInputError);
    expect(() => loadTokenizer(JSON.stringify(json), '{}', smolSpec())).toThrow(
      /^tokenizer\.json could not be read \(/,
    );
  });
});

describe('a token’s raw bytes (pieceBytes), for pieces of a character', () => {
  it('GPT‑2 spends several byte-level tokens on a Chinese character; together they are its UTF‑8', () => {
    const tokenizer = loadTokenizer(gpt2Json(), gpt2Config(), spec());
    for (const text of ['词元', 'مرحبا', 'añ']) {
      const ids = tokenizer.encodePlain(text);
      const bytes = ids.flatMap((id) => [...(tokenizer.pieceBytes(id) ?? [])]);
      expect(Uint8Array.from(bytes), text).toEqual(new TextEncoder().encode(text));
    }
    // 词 (e8 af 8d) is not one token: at least one piece is part of it, and decodes to "�" alone.
    const pieces = tokenizer.encodePlain('词').map((id) => tokenizer.piece(id));
    expect(pieces.some((p) => p.includes('\uFFFD'))).toBe(true);
  });

  it('reads byte-fallback tokens (<0xE4>) and refuses tokenizers that do not work on bytes', () => {
    const fallback = tokenBytes({
      decoder: { type: 'Sequence', decoders: [{ type: 'Replace' }, { type: 'ByteFallback' }] },
      model: { vocab: { '<0xE4>': 5, '▁the': 6 } },
    });
    expect(fallback?.(5)).toEqual(Uint8Array.of(0xe4));
    expect(fallback?.(6)).toBeNull();
    expect(tokenBytes({ decoder: { type: 'WordPiece' }, model: { vocab: { a: 0 } } })).toBeNull();
  });
});
