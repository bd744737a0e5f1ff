import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Five node-side entries share one build so that the app, the CLI, the engine (as a process
// and in the CLI's process) and the headless host (used by end-to-end tests) run the same compiled core.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: {
        exclude: [
          '@aws-sdk/client-s3',
          '@aws-sdk/credential-providers',
          '@aws-sdk/s3-request-presigner',
          '@smithy/node-http-handler',
          // Bundled, not loaded file by file: zod alone is about 90 ES modules (every locale),
          // and the CLI pays for resolving each one on every run.
          'zod',
          'mime',
          'picomatch',
        ],
      },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/index.ts'),
          engine: resolve(__dirname, 'src/main/engine/entry.ts'),
          // The same engine for the CLI to run in its own process (src/main/engine/in-process.ts).
          'in-process-engine': resolve(__dirname, 'src/main/engine/in-process.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          headless: resolve(__dirname, 'src/main/headless.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
})
