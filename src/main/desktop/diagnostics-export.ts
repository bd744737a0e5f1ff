// "Export diagnostics…": one JSON file for a bug report with the versions, the platform, the
// settings, the connections without their secrets, the transfers' states and the log. The
// whole text passes through redactSecrets before it is written.
import { writeFile } from 'node:fs/promises'
import { arch, release } from 'node:os'
import type { ConnectionSummary } from '../../shared/domain/connection'
import type { TransferSummary } from '../../shared/domain/transfer'
import { redactSecrets } from '../../shared/secrets-in-use'
import type { Settings } from '../../shared/settings'
import type { Core } from '../core/create-core'
import type { RotatingLog } from './rotating-log'

/** Ferry's version and the runtime's: what About shows and a bug report needs. */
export function runtimeVersions(ferryVersion: string): Record<string, string | undefined> {
  return {
    Ferry: ferryVersion,
    Electron: process.versions['electron'],
    Chromium: process.versions['chrome'],
    Node: process.versions.node,
  }
}

export const platformName = (): string => `${process.platform} ${arch()} (${release()})`

export interface DiagnosticsInput {
  exportedAt: string
  versions: Record<string, string | undefined>
  platform: string
  settings: Settings
  connections: readonly ConnectionSummary[]
  transfers: readonly TransferSummary[]
  log: string
}

/** An endpoint without user:password, in case someone typed them into the URL. */
function withoutUserInfo(endpoint: string): string {
  try {
    const url = new URL(endpoint)
    url.username = ''
    url.password = ''
    return url.href
  } catch {
    return endpoint ? '(not a URL)' : ''
  }
}

export function diagnosticsReport(input: DiagnosticsInput): string {
  const states: Record<string, number> = {}
  for (const t of input.transfers) states[t.state] = (states[t.state] ?? 0) + 1
  const report = {
    exportedAt: input.exportedAt,
    versions: input.versions,
    platform: input.platform,
    settings: input.settings,
    connections: input.connections.map((c) => ({
      name: c.name,
      endpoint: withoutUserInfo(c.endpoint),
      region: c.region,
      pathStyle: c.pathStyle,
      credentials: c.profile ? `profile ${c.profile}` : c.hasSecret ? 'access key' : 'none',
      // Enough to tell two keys apart, not the key itself.
      accessKeyIdEnd: c.accessKeyId ? c.accessKeyId.slice(-4) : '',
      secretStorage: c.secretStorage,
      proxy: c.proxy === 'none' ? 'none' : c.proxy ? withoutUserInfo(c.proxy) : 'environment',
      caFile: c.caFile,
    })),
    transfers: {
      states,
      failed: input.transfers
        .filter((t) => t.state === 'failed' || t.state === 'needs-credentials')
        .slice(0, 50)
        .map((t) => ({ id: t.id, direction: t.direction, state: t.state, error: t.error })),
    },
    log: input.log.split('\n').filter(Boolean),
  }
  return redactSecrets(JSON.stringify(report, null, 2)) + '\n'
}

const stamp = (d: Date) => d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')

/** Asks where to save (the OS dialog) and writes the report there; null when cancelled. */
export async function exportDiagnostics(
  core: Core,
  log: RotatingLog,
  transfers: () => Promise<TransferSummary[]>,
): Promise<string | null> {
  const desktop = core.deps.desktop
  if (!desktop) return null
  const now = new Date()
  const target = await desktop.pickSaveFile('Export diagnostics', `ferry-diagnostics-${stamp(now)}.json`)
  if (target === null) return null
  log.info(`diagnostics exported to ${target}`)
  const text = diagnosticsReport({
    exportedAt: now.toISOString(),
    versions: runtimeVersions(core.deps.version),
    platform: platformName(),
    settings: core.settings.get(),
    connections: core.connections.list(),
    transfers: await transfers(),
    log: log.read(),
  })
  await writeFile(target, text, { mode: 0o600 })
  return target
}
