import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'src/generated/**', 'test/generated/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Exhaustive switches over unions are how this code base handles every case.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Matching control characters is the point of several checks (filenames, titles).
      'no-control-regex': 'off',
      // `() => void promise` shorthand is idiomatic for callbacks.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // `while (true)`-style loops with explicit breaks read better than contortions.
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  {
    // No import cycles in the product: a cycle makes module order matter and hides which piece
    // depends on which. Imports name their .ts files, so the plugin's Node resolver finds them.
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    plugins: { 'import-x': importX },
    // Without these the plugin parses no .ts dependency and silently finds no cycle at all.
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Code that runs in browsers (the client and the demo page's script) must not pull in the
    // server: no Node built-ins, no Prisma, no server modules. Only the generated client documents.
    files: ['src/client/**/*.ts', 'src/demo/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', '@prisma/*', '**/generated/prisma/**'], message: 'Browser code: no Node or Prisma.' },
            {
              // Relative imports may reach only src/client/* and src/generated/client/*.
              regex: '^\\.\\./(?!(\\.\\./)*(client|generated/client)/[^/]+$)',
              message: 'Browser code: import only the client and its generated documents.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests take the answer they expect out of a typed response: `data!.createPost.id`.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
