/**
 * Where logits come from: the book's example, shipped in public/examples (the (2, 3, 50257)
 * logits of an untrained GPT-2 from chapter 5 of "Build a Large Language Model (From Scratch)"),
 * or files the reader opens. Every failure is an XentInputError with one sentence to show.
 */
import { XentInputError } from '../../errors';
import { fileToBatch, parseLogitsFile, parseNpyPair, type LogitsFile } from '../../io';
import type { Source, SourceKind } from '../state';
import { END_OF_TEXT, GPT2_VOCAB, loadTokenizer } from '../view/tokens';
import { pModelBatch, randomModelBatch } from './random-model';

/** Relative to the page (BASE_URL is './'), so the site works under any sub-path. */
export const EXAMPLE_URL = `${import.meta.env.BASE_URL}examples/ch05-untrained-gpt2-logits.npz`;

/** Tokens per typed text: enough for a sentence or two, few enough to recompute on each key. */
export const MAX_TEXT_TOKENS = 32;

function toSource(file: LogitsFile, label: string, kind: SourceKind): Source {
  return { label, isExample: kind === 'book', kind, batch: fileToBatch(file), inputs: file.inputs ?? null };
}

/**
 * The untrained random model (random-model.ts) run on the reader's texts, tokenized with GPT-2's
 * BPE. Each text needs two tokens or more: the model reads one and predicts the next.
 */
export async function textSource(texts: readonly string[]): Promise<Source> {
  const { encode } = await loadTokenizer();
  const ids = texts.map((text, b) => {
    const tokens = encode(text);
    if (tokens.length < 2) {
      throw new XentInputError(
        `Text ${b + 1} has ${tokens.length === 0 ? 'no tokens' : 'one token'}; type at least two words so the model can read one and predict the next.`,
      );
    }
    return tokens.slice(0, MAX_TEXT_TOKENS);
  });
  const { batch, inputs } = randomModelBatch(ids, GPT2_VOCAB, END_OF_TEXT);
  return { label: 'an untrained model on your text', isExample: false, kind: 'text', batch, inputs };
}

/** The p model on the book's texts: every right next token gets probability p. */
export function pSource(book: Source, p: number): Source {
  return {
    label: `a model that gives the right word p = ${p}`,
    isExample: false,
    kind: 'p-model',
    batch: pModelBatch(book.batch, p),
    inputs: book.inputs,
  };
}

export async function loadExample(url = EXAMPLE_URL): Promise<Source> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new XentInputError(
      'The book’s example could not be downloaded; check the connection and reload the page.',
    );
  }
  if (!response.ok) {
    throw new XentInputError(
      `The book’s example could not be loaded (HTTP ${response.status}); reload the page, or open a logits file below.`,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return toSource(parseLogitsFile(bytes, 'The book’s example file'), 'the book’s example', 'book');
}

/**
 * One .npz or .safetensors file, or two .npy files (the one whose name contains "target" holds
 * the targets).
 */
export async function loadFiles(files: readonly File[]): Promise<Source> {
  const [first, second] = files;
  if (!first || files.length > 2) {
    throw new XentInputError(
      'Choose one .npz or .safetensors file, or logits.npy together with targets.npy.',
    );
  }
  if (!second) {
    const bytes = new Uint8Array(await first.arrayBuffer());
    return toSource(parseLogitsFile(bytes, `“${first.name}”`), first.name, 'file');
  }
  const [targets, logits] = /target/i.test(first.name) ? [first, second] : [second, first];
  if (!/target/i.test(targets.name) || /target/i.test(logits.name)) {
    throw new XentInputError(
      'With two .npy files, exactly one must have “target” in its name (e.g. logits.npy and targets.npy).',
    );
  }
  const file = parseNpyPair(
    new Uint8Array(await logits.arrayBuffer()),
    new Uint8Array(await targets.arrayBuffer()),
  );
  return toSource(file, `${logits.name} + ${targets.name}`, 'file');
}
