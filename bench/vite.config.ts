/**
 * Builds the bench page (bench/index.html) into dist-bench/web. onnxruntime-web's WebAssembly
 * runtime is copied to ort/ so the page loads it from its own origin (wasmPaths), never a CDN.
 * scripts/bench/run-lm.mjs builds bench/lm.html with this config into dist-bench/lm-web instead.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * The runtimes that 'onnxruntime-web/webgpu' loads (its WebGPU build uses the asyncify variant)
 * and that 'onnxruntime-web/wasm' loads (the plain one; bench/lm.ts's WebAssembly path).
 */
const ORT_FILES = [
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];

function ortRuntime(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: 'xent-bench-ort-runtime',
    apply: 'build',
    generateBundle() {
      for (const file of ORT_FILES) {
        const source = readFileSync(require.resolve(`onnxruntime-web/${file}`));
        this.emitFile({ type: 'asset', fileName: `ort/${file}`, source });
      }
    },
  };
}

/** A cross-origin-isolated page gets precise timers and SharedArrayBuffer (onnxruntime threads). */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  plugins: [ortRuntime()],
  build: {
    outDir: join(here, '..', 'dist-bench', 'web'),
    emptyOutDir: true,
    target: 'esnext',
    chunkSizeWarningLimit: 4096,
  },
  // port 0: a free port chosen when it starts, never 4173 (scripts/start.sh) or an e2e server's.
  preview: { headers: isolation, host: '127.0.0.1', port: 0 },
});
