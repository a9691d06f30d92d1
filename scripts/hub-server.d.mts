/** Types of scripts/hub-server.mjs, for the TypeScript tests. */
export const FIXTURE_DIR: string;

export interface HubOptions {
  /** Sends onnx/ files in this many chunks, `chunkDelayMs` apart (0: at once). */
  chunks?: number;
  chunkDelayMs?: number;
  /** "{model}/{file}" (e.g. "hub-llama/onnx/model.onnx_data_1") → the bytes served there instead, or null: HTTP 404. */
  files?: Record<string, Uint8Array | null>;
}

export interface Hub {
  /** The hub base URL, e.g. http://127.0.0.1:40123 */
  base: string;
  /** Every request's method and path, in order. */
  requests: string[];
  close(): Promise<void>;
}

export function startHub(options?: HubOptions): Promise<Hub>;
