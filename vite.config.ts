/**
 * Builds the app (index.html → src/app/main.tsx) into dist/.
 *
 * `base: './'` makes every URL in the build relative, so dist/ works from any static server and
 * under any sub-path (e.g. /courses/ml/xent/). WGSL is imported as text with `?raw`.
 *
 * The precache-list plugin writes dist/sw-assets.json: every file of the build (hashed bundles,
 * the worker, index.html) and of public/ (the example .npz), relative to dist/. The hand-written
 * service worker (public/sw.js) caches exactly that list when it installs, so the page works
 * offline after one visit without the worker having to guess hashed file names.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithTs } from '@formatjs/ts-transformer';
import { parse } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const publicDir = join(here, 'public');
/** Served but never precached: the service worker itself is fetched by the browser, not by it. */
const NOT_PRECACHED = new Set(['sw.js']);
/**
 * KaTeX's fonts come as woff2, woff and ttf; its CSS lists woff2 first and every browser with a
 * service worker reads woff2, so only those are precached (the other two, 0.9 MB, are still served).
 */
const FALLBACK_FONT = /\.(woff|ttf)$/;
/**
 * onnxruntime-web's WebAssembly (14 MB) runs only the pretrained-model source: it is not
 * precached at install, so a first visit stays light; the service worker keeps it once a model
 * has been run (cache first, like every built asset).
 */
const ON_DEMAND = /\.wasm$/;

function filesUnder(dir: string): string[] {
  return (
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      // parentPath is Node ≥ 20.12; earlier 20.x releases call it path.
      .map((entry) => {
        const parent = entry.parentPath ?? (entry as { path?: string }).path ?? dir;
        return relative(dir, join(parent, entry.name)).split(sep).join('/');
      })
  );
}

function precacheList(): Plugin {
  return {
    name: 'xent-precache-list',
    apply: 'build',
    // After Vite's own plugins have emitted index.html into the bundle.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter(
        (file) => !file.endsWith('.map') && !FALLBACK_FONT.test(file) && !ON_DEMAND.test(file),
      );
      const copied = filesUnder(publicDir).filter((file) => !NOT_PRECACHED.has(file));
      const files = [...new Set([...built, ...copied])].sort();
      this.emitFile({
        type: 'asset',
        fileName: 'sw-assets.json',
        source: JSON.stringify({ files }, null, 1),
      });
    },
  };
}

/**
 * The messages as the page needs them, compiled at build time so the page carries no ICU parser:
 * formatjs's own transformer turns each message in the code into its id and its English
 * defaultMessage already parsed (an AST, whitespace as written), dropping the `description`, a note
 * for translators only (catalogs/en.json keeps it; 64 kB that would otherwise be shipped); each
 * catalog a page loads (catalogs/*.json) is parsed the same way. With every message compiled,
 * `@formatjs/icu-messageformat-parser` is replaced by its parser-less build (resolve.alias).
 */
const transformer = transformWithTs(ts, { preserveWhitespace: true, ast: true });
function compiledMessages(): Plugin {
  return {
    name: 'xent-compiled-messages',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (/\/src\/app\/i18n\/catalogs\/[^/]+\.json$/.test(file)) {
        // { id: "ICU" } or, for en.json, { id: { defaultMessage, description } } → { id: AST }.
        const catalog = JSON.parse(code) as Record<string, string | { defaultMessage: string }>;
        const compiled = Object.fromEntries(
          Object.entries(catalog).map(([key, m]) => [
            key,
            parse(typeof m === 'string' ? m : m.defaultMessage),
          ]),
        );
        return { code: JSON.stringify(compiled), map: null };
      }
      if (!/\/src\/app\/.*\.tsx?$/.test(file) || !/\bdefaultMessage\b/.test(code)) return null;
      const out = ts.transpileModule(code, {
        fileName: file,
        compilerOptions: {
          target: ts.ScriptTarget.ESNext,
          module: ts.ModuleKind.ESNext,
          jsx: ts.JsxEmit.Preserve,
          useDefineForClassFields: true,
          sourceMap: true,
        },
        transformers: { before: [transformer] },
      });
      return { code: out.outputText, map: out.sourceMapText ?? null };
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [compiledMessages(), react(), precacheList()],
  resolve: {
    alias: [
      {
        find: /^@formatjs\/icu-messageformat-parser$/,
        replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
      },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every asset a file (no data: URIs), so a strict Content-Security-Policy needs no exceptions.
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  preview: { host: '127.0.0.1' },
});
