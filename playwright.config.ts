import { defineConfig } from '@playwright/test'
import type { FerryWorkerOptions } from './e2e/fixtures'

// Debian's Chromium: Playwright's own browser download cannot work on the build machines.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

// `FERRY_SCREENSHOT=1 npx playwright test --project screenshot` refreshes docs/screenshot.png;
// a normal run leaves the repository untouched.
const screenshot = process.env['FERRY_SCREENSHOT'] === '1'
// `FERRY_MEASURE=1 npx playwright test --project=measure` measures the window (e2e/measure-*.spec.ts)
// and fails when it misses its budgets (support/measure.ts).
const measure = process.env['FERRY_MEASURE'] === '1'
const onDemand = /(screenshot|measure-[a-z]+)\.spec\.ts/

export default defineConfig<object, FerryWorkerOptions>({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  // Two cores, shared with radosgw, the engine process and the browser.
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env['CI']),
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: onDemand,
      use: { shell: 'chromium', launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } },
    },
    {
      name: 'electron',
      testIgnore: onDemand,
      // The specs' page is the app's window; Playwright still builds its own page fixture
      // underneath, so it needs a browser it can start.
      use: { shell: 'electron', launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } },
    },
    ...(screenshot
      ? [
          {
            name: 'screenshot',
            testMatch: /screenshot\.spec\.ts/,
            use: {
              shell: 'chromium' as const,
              launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
              viewport: { width: 1280, height: 800 },
              deviceScaleFactor: 2,
            },
          },
        ]
      : []),
    ...(measure
      ? [
          {
            name: 'measure',
            testMatch: /measure-[a-z]+\.spec\.ts/,
            use: {
              shell: 'chromium' as const,
              // A trace snapshots the DOM around every step, in the renderer: not what is measured.
              trace: 'off' as const,
              launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
            },
          },
        ]
      : []),
  ],
})
