/**
 * `xent score FILE`: reads a logits file, computes the loss on WebGPU or the CPU, prints it.
 * `main` returns the exit status and writes only to the streams it is given, so tests call it
 * directly; src/cli/xent.ts runs it on the real process.
 */
import { createScorer, cpuScorer, NoWebGpuError, type Scorer } from '../backend';
import { EngineError } from '../engine';
import { messageOf, XentInputError } from '../errors';
import { fileToBatch } from '../io';
import { resultToJson } from '../math';
import type { LoadedModel } from '../lm/load';
import { scoreTexts } from '../lm/load';
import { scoreLongText, type LongTextScore } from '../lm/score-long-text';
import { HELP, parseArgs, UsageError, type Command } from './args';
import { readLogitsInput, type ReadFile } from './read-input';
import { formatLongTextReport, formatReport, formatTextsReport, longTextJson } from './report';

/**
 * The WebGPU entry point, or why there is none. `setupProblem`: what this machine lacks for an
 * adapter (e.g. "the Vulkan loader libvulkan.so.1 is not installed; install it with …"), said
 * when the adapter request then fails.
 */
export type GpuLoad = { gpu: GPU; setupProblem?: string | null } | { gpu: null; reason: string };

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile: ReadFile;
  loadGpu(): Promise<GpuLoad>;
  /** Opens a pretrained model: a folder, a folder URL or a hub id (`hub`: the hub's base URL). */
  loadModel(model: string, hub: string | null): Promise<LoadedModel>;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The one line printed for any failure: our sentences verbatim, never a stack. */
function errorLine(error: unknown): string {
  const message =
    error instanceof NoWebGpuError || error instanceof EngineError ? error.message : messageOf(error);
  return `xent: ${message.replace(/\s*\n\s*/g, ' ')}\n`;
}

async function chooseScorer(backend: 'auto' | 'webgpu' | 'cpu', io: CliIO): Promise<Scorer> {
  if (backend === 'cpu') return createScorer({ backend: 'cpu' });
  const load = await io.loadGpu();
  if (load.gpu) {
    const problem = load.setupProblem;
    try {
      const scorer = await createScorer({ backend, gpu: load.gpu });
      if (!problem || !scorer.fallbackReason) return scorer;
      return cpuScorer(undefined, `${scorer.fallbackReason.replace(/\.$/, '')}: ${problem}`);
    } catch (error) {
      if (!problem || !(error instanceof NoWebGpuError)) throw error;
      throw new NoWebGpuError(`${error.message.replace(/\.$/, '')}: ${problem}.`);
    }
  }
  if (backend === 'webgpu')
    throw new NoWebGpuError(`WebGPU was requested but is unavailable: ${load.reason}.`);
  return cpuScorer(undefined, load.reason);
}

/** The back end's name for the report, with why WebGPU was not used where it was not. */
const backendLabel = (scorer: Scorer) =>
  scorer.fallbackReason ? `${scorer.label} (WebGPU unavailable: ${scorer.fallbackReason})` : scorer.label;

async function score(cmd: Extract<Command, { command: 'score' }>, io: CliIO): Promise<void> {
  const file = await readLogitsInput(cmd.file, io.readFile);
  const batch = fileToBatch(file, cmd.ignoreIndex);
  const scorer = await chooseScorer(cmd.backend, io);
  try {
    const result = await scorer.score(batch);
    if (cmd.json) {
      io.stdout(JSON.stringify(resultToJson(result)) + '\n');
    } else {
      io.stdout(
        formatReport(`file        ${cmd.file} (${file.format}, ${file.dtype})`, result, backendLabel(scorer)),
      );
    }
  } finally {
    scorer.dispose();
  }
}

/** `xent lm`: the model's forward pass (onnxruntime-web, WebAssembly), then the same loss path. */
async function lm(cmd: Extract<Command, { command: 'lm' }>, io: CliIO): Promise<void> {
  const model = await io.loadModel(cmd.model, cmd.hub);
  try {
    if (cmd.file !== null) {
      await lmFile(cmd, cmd.file, model, io);
      return;
    }
    const { batch, inputs } = await scoreTexts(model, cmd.texts);
    const scorer = await chooseScorer(cmd.backend, io);
    try {
      const result = await scorer.score(batch);
      if (cmd.json) {
        io.stdout(JSON.stringify({ ...resultToJson(result), model: cmd.model, inputs }) + '\n');
      } else {
        io.stdout(formatTextsReport(cmd.model, model, cmd.texts, inputs, result, backendLabel(scorer)));
      }
    } finally {
      scorer.dispose();
    }
  } finally {
    await model.session.release();
  }
}

/** The most text --file reads: The Verdict is 20 kB; a book is a few MB. */
const MAX_TEXT_FILE_BYTES = 16 * 2 ** 20;

/** `xent lm --file`: the text in windows, as the book's loaders cut it, each window scored. */
async function lmFile(
  cmd: Extract<Command, { command: 'lm' }>,
  path: string,
  model: LoadedModel,
  io: CliIO,
): Promise<void> {
  const bytes = await io.readFile(path);
  if (bytes.byteLength > MAX_TEXT_FILE_BYTES) {
    throw new XentInputError(`${path} is larger than 16 MiB; give a shorter text file.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new XentInputError(`${path} is not UTF-8 text; save it as UTF-8 and try again.`);
  }
  const scorer = await chooseScorer(cmd.backend, io);
  try {
    const score: LongTextScore = await scoreLongText(model, text, {
      context: cmd.context,
      stride: cmd.stride,
      split: cmd.split,
      score: (batch) => scorer.score(batch),
    });
    if (cmd.json) io.stdout(JSON.stringify(longTextJson(cmd.model, path, score, scorer.backend)) + '\n');
    else io.stdout(formatLongTextReport(cmd.model, path, model, score, backendLabel(scorer)));
  } finally {
    scorer.dispose();
  }
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
  } catch (error) {
    io.stderr(errorLine(error));
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
  if (cmd.command === 'help') {
    io.stdout(HELP);
    return EXIT.ok;
  }
  try {
    if (cmd.command === 'lm') await lm(cmd, io);
    else await score(cmd, io);
    return EXIT.ok;
  } catch (error) {
    io.stderr(errorLine(error));
    return EXIT.failed;
  }
}
