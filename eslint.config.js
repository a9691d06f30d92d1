import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import formatjs from 'eslint-plugin-formatjs';
import noLiteralText from './eslint-rules/no-literal-text.js';

// Layers import one way: math ← engine ← app. The math and the engine never touch the DOM or React.
const noUpward = (forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map((group) => ({
        group: [group],
        message: 'Layers import one way: math ← engine ← app.',
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-cli',
      'dist-bench',
      'dist-*',
      '.tmp',
      'shots',
      'node_modules',
      'test-results',
      'playwright-report',
      'bench-results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/math/**'],
    rules: noUpward(['**/engine/**', '**/app/**', '**/io/**', 'react', 'react-dom']),
  },
  { files: ['src/engine/**'], rules: noUpward(['**/app/**', 'react', 'react-dom']) },
  { files: ['src/io/**'], rules: noUpward(['**/engine/**', '**/app/**', 'react', 'react-dom']) },
  {
    files: ['src/app/**/*.tsx', 'src/app/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Every word a person reads comes from the message catalogs (src/app/i18n), and each message
  // is well formed: an id, an English defaultMessage, its placeholders given.
  {
    files: ['src/app/**/*.tsx'],
    ignores: ['src/app/**/*.test.tsx'],
    plugins: { xent: { rules: { 'no-literal-text': noLiteralText } }, formatjs },
    rules: {
      'xent/no-literal-text': 'error',
      'formatjs/enforce-default-message': ['error', 'literal'],
      'formatjs/enforce-placeholders': 'error',
      'formatjs/no-multiple-whitespaces': 'error',
    },
  },
);
