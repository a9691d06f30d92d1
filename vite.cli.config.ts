/**
 * Builds the `xent` command: src/cli/xent.ts → dist-cli/xent.mjs, one ES module for Node 20.
 * Everything is bundled (WGSL inlined through `?raw`, fflate and the tokenizer included) except
 * Node's built-in modules, `webgpu`, whose native Dawn binary is loaded from node_modules at run
 * time, and `onnxruntime-web`, whose WebAssembly files are found beside its own module there.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, external: ['webgpu', 'onnxruntime-web'] },
  build: {
    ssr: 'src/cli/xent.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      external: ['webgpu', 'onnxruntime-web', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { entryFileNames: 'xent.mjs', format: 'es' },
    },
  },
});
