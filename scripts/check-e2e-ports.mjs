#!/usr/bin/env node
/**
 * The end-to-end tests beside `scripts/start.sh`: holds 127.0.0.1:4173 the way start.sh does
 * (scripts/serve.mjs on dist/; if something already holds 4173, that proves the same), then
 *   1. runs two short end-to-end tests (the site at / and under the sub-path, one project), which
 *      must pass on their own free ports;
 *   2. runs Playwright with XENT_E2E_PORT=4173, which must stop before any test with the one
 *      sentence that names the port and the variable.
 * Run by scripts/test.sh after the build; `node scripts/check-e2e-ports.mjs` alone needs dist/.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START_PORT = 4173;
const CLI = resolve(root, 'node_modules/@playwright/test/cli.js');
const SENTENCE = `Port ${START_PORT} (XENT_E2E_PORT) is in use`;

/** Runs Playwright; resolves with its exit code and what it wrote to stderr (also passed through). */
function playwright(args, env) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stderr }));
  });
}

let server;
try {
  ({ server } = await startServer({ dir: resolve(root, 'dist'), port: START_PORT, base: '/' }));
  console.log(`Holding http://127.0.0.1:${START_PORT}/ as scripts/start.sh does.`);
} catch (error) {
  if (error?.code !== 'EADDRINUSE') throw error;
  console.log(`Port ${START_PORT} is already held (scripts/start.sh or another server): testing beside it.`);
}

const env = { ...process.env };
delete env.XENT_E2E_PORT;
delete env.XENT_E2E_CHOSEN_PORTS;
const problems = [];
try {
  const free = await playwright(
    [
      'test',
      '--project=webgpu',
      '--reporter=list',
      '--grep',
      'works when served under|embedded in a plain iframe',
    ],
    env,
  );
  if (free.code !== 0)
    problems.push(`the end-to-end tests beside port ${START_PORT} failed (exit ${free.code}).`);

  const pinned = await playwright(['test', '--list', '--reporter=list'], {
    ...env,
    XENT_E2E_PORT: String(START_PORT),
  });
  if (pinned.code === 0 || !pinned.stderr.includes(SENTENCE)) {
    problems.push(`XENT_E2E_PORT=${START_PORT}, with the port taken, did not stop with "${SENTENCE} …".`);
  } else {
    console.log(`XENT_E2E_PORT=${START_PORT} with the port taken stops as it should (above).`);
  }
} finally {
  await new Promise((done) => (server ? server.close(done) : done()));
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`scripts/check-e2e-ports.mjs: ${problem}`);
  process.exit(1);
}
console.log(`scripts/check-e2e-ports.mjs: the end-to-end servers keep off port ${START_PORT}.`);
