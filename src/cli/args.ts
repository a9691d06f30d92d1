/**
 * The command line:
 *   xent score FILE [--backend webgpu|cpu] [--json] [--ignore-index N]
 *   xent lm MODEL --text "…" [--text "…"] [--json] [--backend webgpu|cpu] [--hub URL]
 *   xent lm MODEL --file PATH [--context N] [--stride N] [--split F] [--json] [--backend …] [--hub URL]
 * Strict: unknown options, missing values and extra arguments are refused with one sentence.
 */
import { XentInputError } from '../errors';
import { DEFAULT_IGNORE_INDEX } from '../math/1-logits';

export type Command =
  | { command: 'help' }
  | {
      command: 'score';
      file: string;
      /** 'auto' when --backend is not given: WebGPU when an adapter exists, else the CPU. */
      backend: 'auto' | 'webgpu' | 'cpu';
      json: boolean;
      ignoreIndex: number;
    }
  | {
      command: 'lm';
      /** A folder in the hub's layout, its https URL, or a hub id. */
      model: string;
      /** One or two texts, scored as one batch (empty with --file). */
      texts: string[];
      /** A text file scored in windows, as the book's loaders cut The Verdict (src/lm/windows.ts). */
      file: string | null;
      /** Tokens per window and between window starts; null: the book's 256 (or the model's context). */
      context: number | null;
      stride: number | null;
      /** The training part's fraction of the characters (the book's 0.9); null: no split. */
      split: number | null;
      backend: 'auto' | 'webgpu' | 'cpu';
      json: boolean;
      /** The hub's base URL for a hub id (files at {hub}/{id}/resolve/main/{file}). */
      hub: string | null;
    };

/** At most this many --text: the lab's two texts, as a batch. */
export const MAX_TEXTS = 2;

export const HELP = `xent: cross-entropy loss and perplexity of a language model's logits.

Usage:
  xent score FILE [--backend webgpu|cpu] [--json] [--ignore-index N]
  xent lm MODEL --text TEXT [--text TEXT] [--backend webgpu|cpu] [--json] [--hub URL]
  xent lm MODEL --file PATH [--context N] [--stride N] [--split F] [--backend webgpu|cpu]
                [--json] [--hub URL]
  xent --help

FILE is one of
  an .npz archive    np.savez(path, logits=logits, targets=targets[, inputs=inputs])
                     (np.savez_compressed works too)
  a .safetensors     tensors named logits, targets and optionally inputs
  logits.npy         saved with np.save, with targets.npy beside it
logits: (batch, tokens, vocab) or (tokens, vocab), float16/32/64, finite or -inf.
targets: (batch, tokens) or (tokens) integer token ids, or the ignore index.

Options:
  --backend webgpu|cpu  where to compute (default: WebGPU when an adapter exists, else CPU)
  --json                print one JSON object: loss, perplexity, shape, backend, tokens
  --ignore-index N      targets equal to N are left out of the mean (default ${DEFAULT_IGNORE_INDEX})
  -h, --help            show this help

xent lm runs a pretrained causal language model (ONNX weights, onnxruntime-web's
WebAssembly back end) on one or two texts and scores its logits the same way.
MODEL is a folder in the Hugging Face hub's layout (config.json, tokenizer.json,
tokenizer_config.json, onnx/model.onnx), the https URL of such a folder, or a hub
id such as openai-community/gpt2 (fetched from --hub, default https://huggingface.co).
Each text is tokenized by the model's own tokenizer with its start token first, so
its first token is scored too; --json adds "model" and "inputs" (the ids scored).

--file scores a long text file as the book's chapter 5 scores The Verdict: no start
token, windows of --context tokens (default 256, at most the model's own context) every
--stride tokens (default: the context), the windows at range(0, n - context, stride).
--split F cuts the text at F of its characters (the book's 0.9) and tokenizes each part
alone: the training part in batches of two windows with an odd last window dropped, as
the book's loaders do; --json then has "train" and "validation", each {"loss",
"perplexity", "tokens", "windows"} (tokens: targets scored). Without --split the loss is
over every window. --json adds "windows": {"context", "stride"}.

Prints the mean loss (nats), perplexity = e^loss, the shape and the back end used.
Exit status: 0 on success, 1 when the file cannot be scored, 2 for a usage error.
`;

/** A command line that cannot be understood (exit status 2). */
export class UsageError extends XentInputError {}

const SEE_HELP = 'run `xent --help` for usage';

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError(`Give a command, e.g. \`xent score logits.npz\`; ${SEE_HELP}.`);
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === 'lm') return parseLm(rest);
  if (command !== 'score') throw new UsageError(`Unknown command '${command}'; ${SEE_HELP}.`);

  let file: string | undefined;
  let backend: 'auto' | 'webgpu' | 'cpu' = 'auto';
  let json = false;
  let ignoreIndex = DEFAULT_IGNORE_INDEX;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value; ${SEE_HELP}.`);
      return next;
    };
    if (name === '--json' && eq < 0) json = true;
    else if (name === '--backend') {
      const v = value();
      if (v !== 'webgpu' && v !== 'cpu') throw new UsageError(`--backend must be webgpu or cpu, not '${v}'.`);
      backend = v;
    } else if (name === '--ignore-index') {
      const v = value();
      if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
        throw new UsageError(`--ignore-index must be an integer, not '${v}'.`);
      }
      ignoreIndex = Number(v);
    } else if (arg.startsWith('-') && arg !== '-')
      throw new UsageError(`Unknown option '${arg}'; ${SEE_HELP}.`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`Give one FILE to score, not '${file}' and '${arg}'; ${SEE_HELP}.`);
  }
  if (file === undefined)
    throw new UsageError(`Give a FILE to score, e.g. \`xent score logits.npz\`; ${SEE_HELP}.`);
  return { command: 'score', file, backend, json, ignoreIndex };
}

/** Splits `--name=value` and `--name value`; `value()` takes the value or refuses with a sentence. */
function option(rest: readonly string[], i: number) {
  const arg = rest[i]!;
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  const name = eq > 0 ? arg.slice(0, eq) : arg;
  let used = 0;
  const value = (): string => {
    if (eq > 0) return arg.slice(eq + 1);
    const next = rest[i + 1];
    if (next === undefined) throw new UsageError(`${name} needs a value; ${SEE_HELP}.`);
    used = 1;
    return next;
  };
  return { arg, name, flag: eq < 0, value, consumed: () => used };
}

function parseBackend(v: string): 'webgpu' | 'cpu' {
  if (v !== 'webgpu' && v !== 'cpu') throw new UsageError(`--backend must be webgpu or cpu, not '${v}'.`);
  return v;
}

function parseLm(rest: readonly string[]): Command {
  let model: string | undefined;
  const texts: string[] = [];
  let backend: 'auto' | 'webgpu' | 'cpu' = 'auto';
  let json = false;
  let hub: string | null = null;
  let file: string | null = null;
  let context: number | null = null;
  let stride: number | null = null;
  let split: number | null = null;
  for (let i = 0; i < rest.length; i++) {
    const o = option(rest, i);
    if (o.name === '--json' && o.flag) json = true;
    else if (o.name === '--text') texts.push(o.value());
    else if (o.name === '--file') file = o.value();
    else if (o.name === '--context') context = positiveInt('--context', o.value());
    else if (o.name === '--stride') stride = positiveInt('--stride', o.value());
    else if (o.name === '--split') {
      const v = o.value();
      split = Number(v);
      if (!/^(0?\.\d+)$/.test(v) || !(split > 0 && split < 1))
        throw new UsageError(`--split must be a fraction between 0 and 1 such as 0.9, not '${v}'.`);
    } else if (o.name === '--backend') backend = parseBackend(o.value());
    else if (o.name === '--hub') hub = o.value();
    else if (o.arg.startsWith('-') && o.arg !== '-')
      throw new UsageError(`Unknown option '${o.arg}'; ${SEE_HELP}.`);
    else if (model === undefined) model = o.arg;
    else throw new UsageError(`Give one MODEL, not '${model}' and '${o.arg}'; ${SEE_HELP}.`);
    i += o.consumed();
  }
  if (model === undefined) {
    throw new UsageError(
      `Give a MODEL, e.g. \`xent lm openai-community/gpt2 --text "every effort moves you"\`; ${SEE_HELP}.`,
    );
  }
  if (file !== null && texts.length > 0)
    throw new UsageError(`Give --text or --file, not both; ${SEE_HELP}.`);
  if (file === null && (context !== null || stride !== null || split !== null))
    throw new UsageError(`--context, --stride and --split go with --file PATH; ${SEE_HELP}.`);
  if (file === null && texts.length === 0)
    throw new UsageError(`Give a text to score with --text "…" or a file with --file PATH; ${SEE_HELP}.`);
  if (texts.length > MAX_TEXTS)
    throw new UsageError(`Give at most ${MAX_TEXTS} texts (--text twice), not ${texts.length}.`);
  return { command: 'lm', model, texts, file, context, stride, split, backend, json, hub };
}

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v)))
    throw new UsageError(`${name} must be a whole number of tokens, 1 or more, not '${v}'.`);
  return Number(v);
}
