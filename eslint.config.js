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

/** no-restricted-imports for one layer: the folders it must not import, plus the Electron bans. */
function layerRules(layers) {
  return layers.map(([folder, forbidden]) => ({
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ipcBan.paths,
            {
              name: 'electron',
              message: `${folder} runs in plain Node: only src/main/electron may use Electron.`,
            },
            { name: 'electron-store', message: 'Use the KeyValueStore port (src/main/core/ports.ts).' },
          ],
          patterns: [
            {
              // Packages are no layer: '@smithy/core/endpoints' is the SDK's, not src/main/core.
              group: [...forbidden.flatMap((layer) => [`**/${layer}/**`, `**/main/${layer}`]), '!@smithy/**'],
              message: `${folder} may not import these layers: ${forbidden.join(', ')}. See docs/architecture.md for which way imports point.`,
            },
          ],
        },
      ],
    },
  }))
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
  // The layers of the node side, bottom up: shared < s3, journal < engine, core < daemon, desktop,
  // ipc, cli < electron. An import may point down the table, never up or sideways where the
  // table in docs/architecture.md says never. Each entry names the folders a layer must not
  // import; the Electron and electron-store bans hold for every layer below src/main/electron.
  ...layerRules([
    ['src/main/s3', ['core', 'engine', 'journal', 'daemon', 'desktop', 'ipc', 'electron', 'cli']],
    ['src/main/journal', ['core', 'engine', 's3', 'daemon', 'desktop', 'ipc', 'electron', 'cli']],
    ['src/main/engine', ['core', 'daemon', 'desktop', 'ipc', 'electron', 'cli']],
    ['src/main/core', ['engine', 'daemon', 'desktop', 'ipc', 'electron', 'cli']],
    ['src/main/daemon', ['engine', 'desktop', 'ipc', 'electron', 'cli']],
    ['src/main/desktop', ['engine', 'daemon', 'ipc', 'electron', 'cli']],
    ['src/main/ipc', ['engine', 'electron', 'cli']],
    ['src/cli', ['engine', 'desktop', 'ipc', 'electron']],
  ]),
)
