import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'worker_threads', 'electron', 'sql.js', 'exceljs'];
const banned = (names, message) => ({
  'no-restricted-imports': ['error', { patterns: names.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', 'test/artifacts/**', 'test/bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-warning-comments': ['error', { terms: ['todo', 'fixme', 'xxx'], location: 'start' }],
    },
  },
  // The layers (docs/architecture.md), held by the linter: shared imports nothing of ours and no platform;
  // renderer imports shared only; main never imports renderer.
  {
    files: ['shared/**/*.ts'],
    rules: banned([...nodeOnly, '**/main/**', '**/renderer/**', 'chart.js', 'preact'], 'shared/ is pure TypeScript: no Node, DOM, Electron or UI imports.'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: banned([...nodeOnly, '**/main/**'], 'renderer/ talks only to the typed API in shared/.'),
  },
  {
    files: ['main/**/*.ts'],
    rules: banned(['**/renderer/**'], 'main/ never imports renderer/.'),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: banned(['electron', '**/renderer/**'], 'electron is confined to main/electron/.'),
  },
);
