// The app's main side, in the test process: the BUILT out/main/headless.js, so the specs
// exercise the same compiled core, handlers and engine process the app ships. Only the
// types come from src.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import { BUILT_HEADLESS } from './paths'
import type { S3Server } from './s3-server'

type HeadlessModule = typeof import('../../src/main/headless')

export interface HeadlessHost {
  main: HeadlessMain
  stateDir: string
  /** The saved connection named `local`, pointing at the test server. */
  local: ConnectionSummary
  close(): Promise<void>
}

export interface HostOptions {
  /** Start on the state of an earlier host (a restart); that folder is then the caller's to remove. */
  stateDir?: string
}

export async function startHeadlessHost(server: S3Server, options: HostOptions = {}): Promise<HeadlessHost> {
  const { createHeadlessMain } = (await import(pathToFileURL(BUILT_HEADLESS).href)) as HeadlessModule
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'ferry-e2e-')))
  const main = createHeadlessMain({ stateDir })
  // Without an OS keychain the secret lives for the session only: a restarted host enters
  // it again into the same saved connection, as a person would.
  const listed = await main.dispatch('connections:list', {})
  const existing = listed.ok
    ? (listed.value as ConnectionSummary[]).find((c) => c.name === 'local')
    : undefined
  const saved = await main.dispatch('connections:save', {
    ...(existing ? { id: existing.id } : {}),
    name: 'local',
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    pathStyle: true,
  })
  if (!saved.ok)
    throw new Error(`saving the local connection failed: ${saved.error.message} (${saved.error.fix})`)
  return {
    main,
    stateDir,
    local: saved.value as ConnectionSummary,
    async close() {
      await main.close()
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true })
    },
  }
}
