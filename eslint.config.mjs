// Lint rules of the monorepo, run by `npm test` (`npm run lint`): ESLint's and typescript-eslint's
// recommended sets, the async-safety rules that need type information (an unawaited promise is how a
// command or a delivery gets lost silently), and Prettier for layout (eslint-config-prettier turns the
// layout rules off; `npm run format` writes, `npm run lint` checks).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'apps/*/web/dist/**',
      'apps/*/web/*/dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'firmware/**',
      'bench/results/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Row types from raw SQL and JSON bodies are `any` at the database edge; typed right after.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Pages served to browsers (the emulator's dev chat).
    files: ['apps/*/web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // The admin site's single-page app (React-admin, built by Vite): its records are the API's JSON rows.
    files: ['apps/admin/web/**/*.{ts,tsx}'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The seating Web App (plain TypeScript, built by Vite, served by the API).
    files: ['apps/api/web/**/*.ts'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  prettier,
);
