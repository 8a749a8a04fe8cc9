import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// A module reads another module only through its index.ts (STYLE.md), so tables and services can move later.
const boundary = (up) => ({
  'no-restricted-imports': ['error', {
    patterns: [{
      group: [`${up}*/**`, `!${up}*/index.ts`, `!${up}../**`],
      message: 'Import another module only through its index.ts (STYLE.md: modules are linked, not entangled).',
    }],
  }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Blob: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', document: 'readonly', window: 'readonly', localStorage: 'readonly', navigator: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  { files: ['src/modules/*/*.ts'], ignores: ['**/*.test.ts'], rules: boundary('../') },
  { files: ['src/modules/*/*/*.ts'], ignores: ['**/*.test.ts'], rules: boundary('../../') },
);
