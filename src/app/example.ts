/**
 * The book's example, shipped in public/examples: the logits (2, 3, 50257) of an untrained GPT-2
 * (chapter 5 of "Build a Large Language Model (From Scratch)") with their inputs and targets.
 */
import { fileToBatch, parseLogitsFile, type LogitsFile } from '../io';
import { XentInputError } from '../errors';

export const BOOK_EXAMPLE_URL = `${import.meta.env.BASE_URL}examples/ch05-untrained-gpt2-logits.npz`;

export async function loadExample(
  url = BOOK_EXAMPLE_URL,
): Promise<{ file: LogitsFile; batch: ReturnType<typeof fileToBatch> }> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new XentInputError(
      `The example could not be downloaded from ${url}; check the connection and reload.`,
    );
  }
  if (!response.ok) {
    throw new XentInputError(
      `The example at ${url} answered ${response.status}; reload the page to try again.`,
    );
  }
  const file = parseLogitsFile(new Uint8Array(await response.arrayBuffer()), 'The example file');
  return { file, batch: fileToBatch(file) };
}
