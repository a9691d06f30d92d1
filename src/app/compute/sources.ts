/**
 * Where logits come from: the book's example, shipped in public/examples (the (2, 3, 50257)
 * logits of an untrained GPT-2 from chapter 5 of "Build a Large Language Model (From Scratch)"),
 * or files the reader opens. Every failure is an XentInputError with one sentence to show.
 * The reader's files are read as streams (their progress counted) and parsed in a worker.
 */
import { XentInputError } from '../../errors';
import { fileToBatch, parseLogitsFile, type LogitsFile } from '../../io';
import { currentIntl } from '../i18n/current';
import { intlNumber } from '../i18n/numbers';
import type { Source, SourceKind } from '../state';
import { formatCount } from '../view/format';
import { END_OF_TEXT, GPT2_VOCAB, loadTokenizer } from '../view/tokens';
import { scoreEarly } from './early-cpu';
import { ParseWorkerClient } from './parse-worker-client';
import type { ParseInput } from './parse.worker';
import { pModelSource } from './p-model-batch';
import { randomModelBatch } from './random-model';

/** Relative to the page (BASE_URL is './'), so the site works under any sub-path. */
export const EXAMPLE_URL = `${import.meta.env.BASE_URL}examples/ch05-untrained-gpt2-logits.npz`;

/** Tokens per typed text: enough for a sentence or two, few enough to recompute on each key. */
export const MAX_TEXT_TOKENS = 32;

/** `label` is read each time it is shown, so a label in words follows the page's language. */
function toSource(file: LogitsFile, label: () => string, kind: SourceKind): Source {
  return {
    get label() {
      return label();
    },
    isExample: kind === 'book',
    kind,
    batch: fileToBatch(file),
    inputs: file.inputs ?? null,
  };
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
      const values = { text: formatCount(b + 1) };
      throw new XentInputError(
        tokens.length === 0
          ? currentIntl().formatMessage(
              {
                id: 'compute.text.no-tokens',
                defaultMessage:
                  'Text {text} has no tokens; type at least two words so the model can read one and predict the next.',
                description: 'A typed text is empty; text: which of the two texts (1 or 2).',
              },
              values,
            )
          : currentIntl().formatMessage(
              {
                id: 'compute.text.one-token',
                defaultMessage:
                  'Text {text} has one token; type at least two words so the model can read one and predict the next.',
                description: 'A typed text is a single token; text: which of the two texts (1 or 2).',
              },
              values,
            ),
      );
    }
    return tokens.slice(0, MAX_TEXT_TOKENS);
  });
  const { batch, inputs } = randomModelBatch(ids, GPT2_VOCAB, END_OF_TEXT);
  return {
    get label() {
      return currentIntl().formatMessage({
        id: 'compute.label.text',
        defaultMessage: 'an untrained model on your text',
        description:
          'Whose numbers are on screen (the logits’ source), in a sentence such as “Still showing …”.',
      });
    },
    isExample: false,
    kind: 'text',
    batch,
    inputs,
  };
}

/**
 * The p model on the book's texts: every right next token gets probability p. Its logits are
 * built only if a view reads them (p-model-batch.ts); the back ends make their own from p.
 */
export function pSource(book: Source, p: number): Source {
  return pModelSource(book, p);
}

let book: Promise<Source> | null = null;

/**
 * The book's example, downloaded once per page (index.html preloads the file) and scored at once
 * on the CPU (early-cpu.ts), while the page renders it and WebGPU starts; a failed download is
 * tried again next time.
 */
export function loadBook(): Promise<Source> {
  book ??= loadExample()
    .then((source) => {
      void scoreEarly(source.batch);
      return source;
    })
    .catch((error: unknown) => {
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
      currentIntl().formatMessage({
        id: 'compute.book.offline',
        defaultMessage:
          'The book’s example could not be downloaded; check the connection and reload the page.',
      }),
    );
  }
  if (!response.ok) {
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.book.http',
          defaultMessage:
            'The book’s example could not be loaded (HTTP {status}); reload the page, or open a logits file below.',
          description: 'status: the HTTP status code, e.g. 404.',
        },
        { status: String(response.status) },
      ),
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  // The file's name in the parser's sentences stays English, as those sentences do (src/io).
  return toSource(
    parseLogitsFile(bytes, 'The book’s example file'),
    () =>
      currentIntl().formatMessage({
        id: 'compute.label.book',
        defaultMessage: 'the book’s example',
        description:
          'Whose numbers are on screen (the logits’ source), in a sentence such as “Still showing …”.',
      }),
    'book',
  );
}

/** The largest file the page reads: 1 GiB, checked before a byte is read. */
export const MAX_FILE_BYTES = 2 ** 30;

function sizeText(bytes: number): string {
  return bytes >= 2 ** 30
    ? currentIntl().formatMessage(
        {
          id: 'compute.size.gib',
          defaultMessage: '{size} GiB',
          description: 'A file size in gibibytes (2^30 bytes).',
        },
        { size: intlNumber(bytes / 2 ** 30, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) },
      )
    : currentIntl().formatMessage(
        {
          id: 'compute.size.mib',
          defaultMessage: '{size} MiB',
          description: 'A file size in mebibytes (2^20 bytes).',
        },
        { size: intlNumber(bytes / 2 ** 20, { maximumFractionDigits: 0, useGrouping: false }) },
      );
}

/** What a refusal names: a file the reader chose (by its name), or an address. */
export type Refused = string | { url: string };

function refuseLarge(what: Refused, bytes: number): void {
  if (bytes <= MAX_FILE_BYTES) return;
  const size = sizeText(bytes);
  throw new XentInputError(
    typeof what === 'string'
      ? currentIntl().formatMessage(
          {
            id: 'compute.too-large.file',
            defaultMessage:
              '“{name}” is {size}, over the 1 GiB this page reads; export fewer texts or positions and load that.',
            description: 'A chosen file is over the page’s limit; name: the file’s name; size: e.g. 1.5 GiB.',
          },
          { name: what, size },
        )
      : currentIntl().formatMessage(
          {
            id: 'compute.too-large.url',
            defaultMessage:
              'The file at {url} is {size}, over the 1 GiB this page reads; export fewer texts or positions and load that.',
            description: 'A linked file is over the page’s limit; url: its address; size: e.g. 1.5 GiB.',
          },
          { url: what.url, size },
        ),
  );
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
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.data.not-url',
          defaultMessage: 'The data address “{address}” is not a URL; give an http(s) address.',
          description:
            'The link’s data= parameter (a file to open) is not an address; address: what it holds.',
        },
        { address: raw.slice(0, 80) },
      ),
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.data.protocol',
          defaultMessage: 'The data address must start with {https} or {http}, not {protocol}.',
          description: 'The link’s data= parameter is not a web address; protocol: its scheme, e.g. file:.',
        },
        { https: 'https://', http: 'http://', protocol: url.protocol },
      ),
    );
  }
  return url;
}

/** Where a file load is: reading its bytes, parsing them (in the worker), or computing the loss. */
export type LoadPhase = 'reading' | 'parsing' | 'computing';

export interface LoadProgress {
  phase: LoadPhase;
  /** The file's name, or the two names of an .npy pair. */
  name: string;
  /** Bytes read so far. */
  loaded: number;
  /** Bytes in all, or null when the server does not say. */
  total: number | null;
}

export type OnProgress = (progress: LoadProgress) => void;

/** Files from this size up report their progress (smaller ones load before a bar could be read). */
export const PROGRESS_MIN_BYTES = 2 ** 20;

/** Reports at most about this many steps while reading, so a 1 GiB file costs ~100 repaints. */
const PROGRESS_STEPS = 100;

/**
 * Reads a byte stream into one array, counting the bytes: `sizeHint` (the file's size or the
 * Content-Length) is allocated at once, so a 1 GiB file is not copied again; without it, or when
 * the stream runs past it, the array grows by doubling. More than MAX_FILE_BYTES is refused as soon
 * as it is seen.
 */
export async function readStream(
  stream: ReadableStream<Uint8Array>,
  sizeHint: number | null,
  /** What a refusal of its size names: a file's name, or { url }. */
  refuseName: Refused,
  onBytes?: (loaded: number) => void,
): Promise<Uint8Array> {
  let bytes = new Uint8Array(sizeHint ?? 2 ** 20);
  let loaded = 0;
  let reported = 0;
  const step = sizeHint ? Math.max(1, Math.floor(sizeHint / PROGRESS_STEPS)) : 4 * 2 ** 20;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const end = loaded + value.length;
    if (end > MAX_FILE_BYTES) {
      await reader.cancel();
      refuseLarge(refuseName, end);
    }
    if (end > bytes.length) {
      const grown = new Uint8Array(Math.min(MAX_FILE_BYTES, Math.max(end, bytes.length * 2)));
      grown.set(bytes.subarray(0, loaded));
      bytes = grown;
    }
    bytes.set(value, loaded);
    loaded = end;
    if (onBytes && loaded - reported >= step) {
      reported = loaded;
      onBytes(loaded);
    }
  }
  onBytes?.(loaded);
  return loaded === bytes.length ? bytes : bytes.slice(0, loaded);
}

let parser: ParseWorkerClient | null = null;

/** Parses in the worker (started at the first file, then kept); the buffers are handed over. */
function parse(input: ParseInput): Promise<LogitsFile> {
  parser ??= new ParseWorkerClient();
  return parser.parse(input);
}

/** The array's own buffer, or a copy of its bytes when it is a view into a larger one. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes.slice().buffer;
}

/** Progress for one load: nothing for a small file, else each phase and the bytes read. */
function progressFor(name: string, total: number | null, onProgress?: OnProgress) {
  const big = total === null || total >= PROGRESS_MIN_BYTES;
  const report = big && onProgress ? onProgress : undefined;
  return {
    onBytes: report && ((loaded: number) => report({ phase: 'reading', name, loaded, total })),
    parsing: (loaded: number) => report?.({ phase: 'parsing', name, loaded, total: total ?? loaded }),
  };
}

/**
 * A logits file (.npz or .safetensors) from a same-origin or CORS-enabled address. With
 * onProgress, a big or unsized download reports its bytes and then the parsing.
 */
export async function loadUrl(url: URL, onProgress?: OnProgress): Promise<Source> {
  const name = decodeURIComponent(url.pathname.split('/').pop() || url.host);
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.url.unreachable',
          defaultMessage:
            'The logits at {url} could not be downloaded: the server is unreachable or does not allow cross-origin requests (CORS); check the address, or download the file and load it here.',
          description: 'url: the address of the linked file.',
        },
        { url: url.href },
      ),
    );
  }
  if (!response.ok) {
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.url.http',
          defaultMessage: 'The logits at {url} could not be downloaded (HTTP {status}); check the address.',
          description: 'url: the address of the linked file; status: the HTTP status code, e.g. 404.',
        },
        { url: url.href, status: String(response.status) },
      ),
    );
  }
  const header = response.headers.get('content-length');
  const length = header === null ? NaN : Number(header);
  const known = Number.isFinite(length) && length >= 0 ? length : null;
  if (known !== null) refuseLarge({ url: url.href }, known);
  const progress = progressFor(name, known, onProgress);
  let bytes: Uint8Array;
  try {
    bytes = response.body
      ? await readStream(response.body, known, { url: url.href }, progress.onBytes)
      : new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof XentInputError) throw error;
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.url.broke-off',
          defaultMessage:
            'The download of {url} broke off before the end; check the connection and reload the page.',
          description: 'url: the address of the linked file.',
        },
        { url: url.href },
      ),
    );
  }
  refuseLarge({ url: url.href }, bytes.length);
  progress.parsing(bytes.length);
  const file = await parse({ kind: 'file', bytes: ownBuffer(bytes), name });
  return toSource(file, () => name, 'file');
}

/** A chosen file's bytes, read as a stream so its progress can be shown. */
async function readFile(file: File, onBytes?: (loaded: number) => void): Promise<Uint8Array> {
  try {
    return await readStream(file.stream(), file.size, file.name, onBytes);
  } catch (error) {
    if (error instanceof XentInputError) throw error;
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.file.unreadable',
          defaultMessage:
            '“{name}” could not be read (it may have been moved or changed since it was chosen); choose it again.',
          description: 'name: the chosen file’s name.',
        },
        { name: file.name },
      ),
    );
  }
}

/**
 * One .npz or .safetensors file, or two .npy files (the one whose name contains "target" holds
 * the targets). With onProgress, a file of PROGRESS_MIN_BYTES or more reports its bytes read
 * (over both files of a pair) and then the parsing.
 */
export async function loadFiles(files: readonly File[], onProgress?: OnProgress): Promise<Source> {
  const [first, second] = files;
  if (!first || files.length > 2) {
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.files.choose',
          defaultMessage: 'Choose one {npz} or {safetensors} file, or {logits} together with {targets}.',
          description:
            'Too many (or no) files were chosen. The values are file formats and file names, unchanged in every language.',
        },
        { npz: '.npz', safetensors: '.safetensors', logits: 'logits.npy', targets: 'targets.npy' },
      ),
    );
  }
  for (const f of files) refuseLarge(f.name, f.size);
  if (!second) {
    const progress = progressFor(first.name, first.size, onProgress);
    const bytes = await readFile(first, progress.onBytes);
    progress.parsing(bytes.length);
    const file = await parse({ kind: 'file', bytes: ownBuffer(bytes), name: first.name });
    return toSource(file, () => first.name, 'file');
  }
  const [targets, logits] = /target/i.test(first.name) ? [first, second] : [second, first];
  if (!/target/i.test(targets.name) || /target/i.test(logits.name)) {
    throw new XentInputError(
      currentIntl().formatMessage(
        {
          id: 'compute.files.pair',
          defaultMessage:
            'With two {npy} files, exactly one must have “{target}” in its name (e.g. {logits} and {targets}).',
          description:
            'Two .npy files were chosen but their names do not say which holds the targets. The values are file names and parts of them, unchanged in every language.',
        },
        { npy: '.npy', target: 'target', logits: 'logits.npy', targets: 'targets.npy' },
      ),
    );
  }
  const label = `${logits.name} + ${targets.name}`;
  const total = logits.size + targets.size;
  const progress = progressFor(label, total, onProgress);
  const logitsBytes = await readFile(logits, progress.onBytes);
  const targetBytes = await readFile(
    targets,
    progress.onBytes && ((loaded) => progress.onBytes?.(logitsBytes.length + loaded)),
  );
  progress.parsing(total);
  const file = await parse({ kind: 'pair', logits: ownBuffer(logitsBytes), targets: ownBuffer(targetBytes) });
  return toSource(file, () => label, 'file');
}
