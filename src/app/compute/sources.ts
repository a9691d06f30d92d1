/**
 * Where logits come from: the book's example, shipped in public/examples (the (2, 3, 50257)
 * logits of an untrained GPT-2 from chapter 5 of "Build a Large Language Model (From Scratch)"),
 * or files the reader opens. Every failure is an XentInputError with one sentence to show.
 */
import { XentInputError } from '../../errors';
import { fileToBatch, parseLogitsFile, parseNpyPair, type LogitsFile } from '../../io';
import type { Source } from '../state';

/** Relative to the page (BASE_URL is './'), so the site works under any sub-path. */
export const EXAMPLE_URL = `${import.meta.env.BASE_URL}examples/ch05-untrained-gpt2-logits.npz`;

function toSource(file: LogitsFile, label: string, isExample: boolean): Source {
  return { label, isExample, batch: fileToBatch(file), inputs: file.inputs ?? null };
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
  return toSource(parseLogitsFile(bytes, 'The book’s example file'), 'the book’s example', true);
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
    return toSource(parseLogitsFile(bytes, `“${first.name}”`), first.name, false);
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
  return toSource(file, `${logits.name} + ${targets.name}`, false);
}
