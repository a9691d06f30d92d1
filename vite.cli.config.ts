/**
 * Builds the `xent` command: src/cli/xent.ts → dist-cli/xent.mjs, one ES module for Node 20.
 * Everything is bundled (WGSL inlined through `?raw`, fflate included) except Node's built-in
 * modules and `webgpu`, whose native Dawn binary is loaded from node_modules at run time.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: 'src/cli/xent.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      external: ['webgpu', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { entryFileNames: 'xent.mjs', format: 'es' },
    },
  },
});
