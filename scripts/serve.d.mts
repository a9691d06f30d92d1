/** Types of scripts/serve.mjs, for the TypeScript tests that start their own server. */
import type { Server } from 'node:http';

export function startServer(options?: {
  dir?: string;
  port?: number;
  base?: string;
  /** Sent with every file, after (and over) the isolation headers. */
  headers?: Record<string, string>;
  /** Send ISOLATION_HEADERS (COOP, COEP, CORP) with every file; default true. */
  isolation?: boolean;
}): Promise<{ server: Server; url: string }>;

/** The headers that make the served page cross-origin isolated. */
export const ISOLATION_HEADERS: Record<string, string>;

/** Content types by file extension. */
export const TYPES: Record<string, string>;
