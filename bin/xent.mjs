#!/usr/bin/env node
// The `xent` command. The TypeScript sources (and their WGSL) are bundled into dist-cli by
// `npm run build` (or `npm run build:cli`); this file only starts that bundle.
import { existsSync } from 'node:fs';

const built = new URL('../dist-cli/xent.mjs', import.meta.url);
if (!existsSync(built)) {
  console.error('Run `npm run build` first.');
  process.exit(1);
}
await import(built.href);
