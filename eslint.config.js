import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const ipcBan = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcMain', 'ipcRenderer'],
      message: 'Only src/main/electron/ipc-transport.ts and src/preload/index.ts may use Electron IPC.',
    },
  ],
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench-results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': ['error', ipcBan],
    },
  },
  {
    files: ['src/main/electron/ipc-transport.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The renderer is a web page: no Node, no Electron, no main-side code.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', '@aws-sdk/*'],
              message: 'The renderer talks to main through window.ferry only.',
            },
            {
              group: ['**/main/**', '**/preload/index*', '**/cli/**'],
              message: 'The renderer may import only src/shared and preload types.',
            },
          ],
        },
      ],
    },
  },
  {
    // src/shared is pure: zod and nothing host-specific.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'react', '@aws-sdk/*'],
              message: 'src/shared must stay pure (zod only).',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
              message: 'src/shared imports no other src folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine runs outside Electron's main process; credentials come in its messages.
    files: ['src/main/engine/**/*.ts', 'src/main/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The core, engine and CLI run in plain Node.' },
            { name: 'electron-store', message: 'Use the KeyValueStore port.' },
          ],
        },
      ],
    },
  },
)
