// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Modules that only the named layers may import. Layer rules are the architecture, not style. */
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'url',
  'worker_threads',
];
const uiLibraries = [
  'react',
  'react-dom',
  'react-dom/*',
  'react-i18next',
  'phaser',
  'lucide-react',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      '.native/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'bin/*.mjs', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='eval']",
          message: 'No eval: scenario data is untrusted.',
        },
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'No new Function: scenario data is untrusted.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'core/ is environment-free.' },
            { name: 'better-sqlite3', message: 'Only electron/store may import better-sqlite3.' },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'core/ is environment-free: pass I/O in.' },
            { group: uiLibraries, message: 'core/ knows nothing of the UI.' },
            {
              group: ['**/electron/**', '**/renderer/**', '**/tests/**'],
              message: 'core/ imports no higher layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to main only through window.casefile.',
            },
            { name: 'better-sqlite3', message: 'Only electron/store may import better-sqlite3.' },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            { group: ['**/electron/**'], message: 'The renderer never imports electron/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/scene/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react-i18next', '**/api/**'],
              message: 'Phaser scenes draw what they are given and emit on the bus.',
            },
            { group: ['**/electron/**'], message: 'The renderer never imports electron/.' },
          ],
        },
      ],
    },
  },
  {
    // Plain Node shared by the main process and the command line (reading packs from disk).
    files: ['node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'node/ is plain Node: the command line runs it too.' },
            { name: 'better-sqlite3', message: 'Only electron/store may import better-sqlite3.' },
          ],
          patterns: [
            { group: uiLibraries, message: 'node/ knows nothing of the UI.' },
            {
              group: ['**/electron/**', '**/renderer/**', '**/cli/**', '**/tests/**'],
              message: 'node/ imports only core/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The authors' command line: Node, core/ and node/; nothing of the app.
    files: ['cli/**/*.ts'],
    ignores: ['cli/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The command line runs in plain Node.' },
            { name: 'better-sqlite3', message: 'The command line needs no native module.' },
          ],
          patterns: [
            { group: uiLibraries, message: 'The command line knows nothing of the UI.' },
            {
              group: ['**/electron/**', '**/renderer/**', '**/tests/**'],
              message: 'The command line imports only core/ and node/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: 'Only electron/store may import better-sqlite3.' },
          ],
          patterns: [{ group: ['**/renderer/**'], message: 'Main never imports the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['electron/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', 'electron'],
              message: 'The store is plain Node: no Electron, no renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
