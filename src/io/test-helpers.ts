/** Shared by the file-reader tests: the message of the XentInputError a call must throw. */
import { expect } from 'vitest';
import { XentInputError } from '../errors';

export function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(XentInputError);
    return (error as Error).message;
  }
  throw new Error('expected an XentInputError, but the call succeeded');
}
