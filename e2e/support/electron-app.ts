// The electron project: the real app (out/main/index.js) with its real preload, launched by
// Playwright when an Electron binary is installed and FERRY_E2E_ELECTRON=1 asks for it.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from '@playwright/test'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { Result } from '../../src/shared/errors'
import type { PageWindow } from './page-globals'
import { BUILT_ELECTRON_MAIN } from './paths'
import type { S3Server } from './s3-server'

/** Why the electron project cannot run here, or null when it can. */
export function electronUnavailableReason(): string | null {
  if (process.env['FERRY_E2E_ELECTRON'] !== '1')
    return 'FERRY_E2E_ELECTRON not set: no Electron binary on this machine'
  try {
    // The electron package's main export is the binary's path; it throws when the binary was never downloaded.
    const binary = createRequire(import.meta.url)('electron') as unknown
    if (typeof binary === 'string' && existsSync(binary)) return null
    return `FERRY_E2E_ELECTRON=1 but the Electron binary (${String(binary)}) is missing: run \`node node_modules/electron/install.js\``
  } catch (e) {
    return `FERRY_E2E_ELECTRON=1 but the electron package has no binary: ${e instanceof Error ? e.message : String(e)}`
  }
}

export interface LaunchedApp {
  app: ElectronApplication
  page: Page
  close(): Promise<void>
}

export async function launchElectronApp(server: S3Server): Promise<LaunchedApp> {
  const stateDir = await mkdtemp(join(tmpdir(), 'ferry-e2e-electron-'))
  const app = await _electron.launch({
    args: [BUILT_ELECTRON_MAIN],
    env: { ...process.env, FERRY_STATE_DIR: stateDir, ELECTRON_DISABLE_SECURITY_WARNINGS: 'true' },
  })
  const page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
  // Through the real preload and IPC: the same call the connection form makes.
  const saved = await page.evaluate(
    (input) =>
      (globalThis as unknown as PageWindow).ferry.saveConnection(input) as Promise<Result<ConnectionSummary>>,
    {
      name: 'local',
      endpoint: server.endpoint,
      region: server.region,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      pathStyle: true,
    },
  )
  if (!saved.ok) throw new Error(`saving the local connection failed: ${saved.error.message}`)
  // Start over as a person reopening the app would: with `local` saved, not the first-run form.
  await page.reload()
  return {
    app,
    page,
    async close() {
      await app.close()
      await rm(stateDir, { recursive: true, force: true })
    },
  }
}
