/** Types of scripts/serve.mjs, for the TypeScript tests that start their own server. */
import type { Server } from 'node:http';

export function startServer(options?: {
  dir?: string;
  port?: number;
  base?: string;
  /** Sent with every file. */
  headers?: Record<string, string>;
}): Promise<{ server: Server; url: string }>;

/** Content types by file extension. */
export const TYPES: Record<string, string>;
