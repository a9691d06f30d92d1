/**
 * `npm run bench:node [-- --shapes ... --reps N --json PATH --driver auto|system]`: the engine,
 * the read baseline and the CPU path through Dawn (the `webgpu` package). Vite bundles bench/node.ts (it imports WGSL as
 * text) into dist-bench/node, which this script then loads.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { emit, parseFlags } from './cli.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const options = parseFlags(process.argv.slice(2));
// Machines without a GPU use Chromium's SwiftShader Vulkan driver; Dawn reads this when it loads.
// `--driver system` leaves the choice to the Vulkan loader, i.e. the machine's GPU drivers.
if (options.driver === 'auto' && !process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

const outDir = join(root, 'dist-bench', 'node');
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: join(root, 'bench', 'node.ts'),
    outDir,
    emptyOutDir: true,
    copyPublicDir: false,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'node.mjs' } },
  },
});
const { runNodeBench } = await import(pathToFileURL(join(outDir, 'node.mjs')).href);
const { shapes, reps, seed, impls } = options;
const { report, markdown } = await runNodeBench({ shapes, reps, seed, impls }, (line) =>
  console.error(`[bench] ${line}`),
);
emit(report, markdown, options.json);
// Dawn keeps handles open after the device is destroyed.
process.exit(0);
