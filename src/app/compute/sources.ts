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

let book: Promise<Source> | null = null;

/** The book's example, downloaded once per page; a failed download is tried again next time. */
export function loadBook(): Promise<Source> {
  book ??= loadExample().catch((error: unknown) => {
    book = null;
    throw error;
  });
  return book;
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

/** The largest file the page reads: 1 GiB, checked before a byte is read. */
export const MAX_FILE_BYTES = 2 ** 30;

function sizeText(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

function refuseLarge(name: string, bytes: number): void {
  if (bytes > MAX_FILE_BYTES) {
    throw new XentInputError(
      `${name} is ${sizeText(bytes)}, over the 1 GiB this page reads; export fewer texts or positions and load that.`,
    );
  }
}

/**
 * The address in `#data=URL` or `?data=URL`, resolved against the page; null when there is none.
 * Only http(s) addresses are followed.
 */
export function dataUrlOf(location: { href: string; search: string; hash: string }): URL | null {
  const raw =
    new URLSearchParams(location.hash.replace(/^#/, '')).get('data') ??
    new URLSearchParams(location.search).get('data');
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw, location.href);
  } catch {
    throw new XentInputError(`The data address “${raw.slice(0, 80)}” is not a URL; give an http(s) address.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new XentInputError(`The data address must start with https:// or http://, not ${url.protocol}.`);
  }
  return url;
}

/** A logits file (.npz or .safetensors) from a same-origin or CORS-enabled address. */
export async function loadUrl(url: URL): Promise<Source> {
  const name = decodeURIComponent(url.pathname.split('/').pop() || url.host);
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new XentInputError(
      `The logits at ${url.href} could not be downloaded: the server is unreachable or does not allow cross-origin requests (CORS); check the address, or download the file and load it here.`,
    );
  }
  if (!response.ok) {
    throw new XentInputError(
      `The logits at ${url.href} could not be downloaded (HTTP ${response.status}); check the address.`,
    );
  }
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length)) refuseLarge(`The file at ${url.href}`, length);
  const bytes = new Uint8Array(await response.arrayBuffer());
  refuseLarge(`The file at ${url.href}`, bytes.length);
  return toSource(parseLogitsFile(bytes, `“${name}”`), name, 'file');
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
  for (const f of files) refuseLarge(`“${f.name}”`, f.size);
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
