/** Types of scripts/hub-server.mjs, for the TypeScript tests. */
export const FIXTURE_DIR: string;

export interface HubOptions {
  /** Sends onnx/ files in this many chunks, `chunkDelayMs` apart (0: at once). */
  chunks?: number;
  chunkDelayMs?: number;
}

export interface Hub {
  /** The hub base URL, e.g. http://127.0.0.1:40123 */
  base: string;
  /** Every request's method and path, in order. */
  requests: string[];
  close(): Promise<void>;
}

export function startHub(options?: HubOptions): Promise<Hub>;
