/**
 * The one error type a user may see. Its message is a single sentence that says what is wrong
 * and how to fix it; it never carries a stack trace to the screen or the terminal.
 */
export class XentInputError extends Error {
  override readonly name = 'XentInputError';
}

/** The message to show for any thrown value: ours verbatim, anything else as one plain sentence. */
export function messageOf(error: unknown): string {
  if (error instanceof XentInputError) return error.message;
  if (error instanceof Error && error.message) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}
