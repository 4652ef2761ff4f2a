// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import i18next from 'eslint-plugin-i18next';

const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'https',
  'stream',
  'url',
  'util',
  'events',
  'worker_threads',
  'zlib',
  'dns',
  'tls',
];
/** Exact module names (a pattern would also match a local './events'). */
const nodeBuiltinPaths = nodeBuiltinNames.map((name) => ({ name, message: 'no node built-ins on this side of the boundary' }));
const nodeBuiltins = ['node:*'];

/**
 * SQL has one home per feature: its repo.ts (the core's are services/store/repos/*). Only these files may
 * import the `sql` tag or hand a statement to store.get/all/run; everything else calls a repo function.
 * Tests may too (they are outside services/).
 */
const sqlHomes = [
  'services/store/**',
  'services/**/repo.ts',
  'services/**/migrations/**',
  // Ingest is core (the floor below hub): it builds its batch statements itself (item 6's follow-up rows).
  'services/ingest/**',
];
const sqlImport = {
  group: ['**/store/sql'],
  message: "SQL lives in the feature's repo.ts (or services/store/repos): call a repo function",
};

/** Selectors every file is held to; a block that adds selectors repeats these (rule options replace, never merge). */
const baseSyntax = [
  { selector: "CallExpression[callee.property.name='then']", message: 'use async/await, not .then chains' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'never render customer content as HTML' },
];
/** A hand-written `{ text, values }` statement given to get/all/run (one built elsewhere and passed by name is not seen). */
const untaggedSql = {
  selector: "CallExpression[callee.property.name=/^(get|all|run)$/] > ObjectExpression > Property[key.name='text']",
  message: "SQL lives in the feature's repo.ts (or services/store/repos): call a repo function",
};

/**
 * The block, then the block again for its files outside the SQL homes with the `sql` import forbidden as
 * well: the later block wins for those files (the last block that sets a rule sets all its options).
 */
function withSqlHomes(block) {
  const [level, options] = block.rules['no-restricted-imports'];
  return [
    block,
    {
      files: block.files,
      ignores: [...(block.ignores ?? []), ...sqlHomes],
      rules: { 'no-restricted-imports': [level, { ...options, patterns: [...options.patterns, sqlImport] }] },
    },
  ];
}

/** Runtime boundaries (see docs/architecture.md): who may import what. */
const boundaries = [
  {
    files: ['services/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [
            { group: nodeBuiltins, message: 'contracts are pure: no node built-ins' },
            {
              group: ['electron', 'react', 'react-dom', '@reduxjs/*', 'socket.io', 'sqlite3', 'fastify'],
              message: 'contracts are pure TS + zod',
            },
            { group: ['../*', '!./*'], message: 'contracts import nothing outside services/contracts' },
          ],
        },
      ],
    },
  },
  ...withSqlHomes({
    files: ['services/**/*.ts'],
    ignores: ['services/contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'services/ never imports electron (it runs headless too)' },
            { group: ['react', 'react-dom', 'react-dom/*', '@reduxjs/*', 'dompurify'], message: 'services/ never imports DOM/UI code' },
            { group: ['**/renderer/**', '**/main/**', '**/electron/**'], message: 'services/ never imports the desktop layers' },
          ],
        },
      ],
    },
  }),
  ...withSqlHomes({
    // Features plug in through the module context (typed push, agent sockets, routes(app)): only the core
    // (hub/), the composition root (server/) and team mode's adapter and forwarding (cluster/) touch the
    // socket.io server.
    files: ['services/**/*.ts'],
    ignores: [
      'services/contracts/**',
      'services/cluster/**',
      'services/hub/**',
      'services/server/**',
      'services/simulator/**',
      'services/channels/webchat/gateway.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'services/ never imports electron (it runs headless too)' },
            { group: ['react', 'react-dom', 'react-dom/*', '@reduxjs/*', 'dompurify'], message: 'services/ never imports DOM/UI code' },
            { group: ['**/renderer/**', '**/main/**', '**/electron/**'], message: 'services/ never imports the desktop layers' },
            {
              group: ['socket.io'],
              message: 'features push through ctx.push and reach sockets through ctx.sockets, never socket.io itself',
            },
            { group: ['**/server/*'], message: 'the composition root imports features, never the other way round' },
          ],
        },
      ],
    },
  }),
  {
    files: ['services/**/*.ts'],
    ignores: sqlHomes,
    rules: { 'no-restricted-syntax': ['error', ...baseSyntax, untaggedSql] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [
            { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed browser: no node built-ins' },
            { group: ['electron', 'electron/*'], message: 'renderer/ talks to the desktop only through the preload bridge' },
            {
              group: ['**/services/*', '!**/services/contracts', '!**/services/contracts/*'],
              message: 'renderer/ may import only services/contracts',
            },
            { group: ['**/main/**', '**/electron/**'], message: 'renderer/ never imports main or preload code' },
            {
              group: ['socket.io', 'sqlite3', 'fastify', 'nodemailer', 'imapflow', 'twilio'],
              message: 'server packages do not belong in the renderer',
            },
          ],
        },
      ],
    },
  },
  {
    // Every word a user reads comes from a catalogue (renderer/i18n, renderer/widget/locales): no literal
    // text in JSX or in its labels. Marks that are not words are named constants.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', { mode: 'jsx-only' }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services/*', '!**/services/contracts', '!**/services/contracts/*'],
              message: 'the preload may import only services/contracts',
            },
            { group: ['**/renderer/**', '**/main/**'], message: 'the preload stands alone' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'main/ never imports renderer code' },
            { group: ['react', 'react-dom', '@reduxjs/*'], message: 'main/ has no UI code' },
            sqlImport,
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', 'test-output/**', 'data/**', 'build/*.cjs', 'build/*.d.mts', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts', 'build/vite.renderer.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...baseSyntax],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  ...boundaries,
  {
    // Plain-JS build scripts and configs run on Node and are not part of a TS project.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', '**/*.config.{ts,js}', 'eslint.config.js'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
