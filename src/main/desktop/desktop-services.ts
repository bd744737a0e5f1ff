// The app's desktop-side services over a core: downloads started from the window (and those a
// quit cut short, taken up at start), the taskbar/dock progress and notifications that follow
// every transfer, the diagnostics log and the relay of menu commands to the window. One set per
// core, reached from the bridge handlers through the core they are given.
import { withKeyWhenNeeded } from '../core/connections/connection-encryption'
import { join } from 'node:path'
import type { TransferSummary } from '../../shared/domain/transfer'
import type { Core } from '../core/create-core'
import { DownloadCenter } from './download-center'
import { takeUpInterruptedDownloads } from './download-recovery'
import { MoveCenter } from './move-center'
import { startMoveRecovery, type MoveRecoveryRun } from './move-recovery-notice'
import { CommandRelay } from './menu-commands'
import { RotatingLog } from './rotating-log'
import { SyncSessions } from './sync-sessions'
import { TransferAttention } from './transfer-attention'
import { TransferLog } from './transfer-log'

export interface DesktopServices {
  downloads: DownloadCenter
  /** The window's moves and copies, and the unfinished ones found at start: rows of the panel. */
  moves: MoveCenter
  syncs: SyncSessions
  /** The diagnostics log, in the state folder's logs/. */
  log: RotatingLog
  /** Menu commands on their way to the window. */
  commands: CommandRelay
  /** The window's unfinished moves and copies, shown at start and run when resume at start allows. */
  moveRecovery: MoveRecoveryRun
  close(): Promise<void>
}

const services = new WeakMap<Core, DesktopServices>()

export function desktopServices(core: Core): DesktopServices {
  let found = services.get(core)
  if (!found) {
    found = createServices(core)
    services.set(core, found)
  }
  return found
}

/** Every transfer the window shows: the transfer manager's, the download center's and the move center's. */
export function onAnyTransferChanged(core: Core, listener: (batch: TransferSummary[]) => void): () => void {
  const services = desktopServices(core)
  const offs = [
    core.transfers.onChanged(listener),
    services.downloads.onChanged(listener),
    services.moves.onChanged(listener),
  ]
  return () => {
    for (const off of offs) off()
  }
}

function createServices(core: Core): DesktopServices {
  const downloads = new DownloadCenter(
    {
      // An SSE-C object is read again with the connection's key file, when it names one.
      run: (download) =>
        withKeyWhenNeeded(core.connections, download.connectionId, (customerKey) => {
          if (!customerKey) return core.transfers.download(download)
          // The short way (one plain GET) cannot carry the key.
          const { listed: _short, ...job } = download.job
          return core.transfers.download({ ...download, job: { ...job, customerKey } })
        }),
      stop: (transferId) => core.transfers.stopDownload(transferId),
    },
    () => {
      // The download module reads an absent limit as none, and refuses a rate of 0.
      const { maxBytesPerSecond, ...sizes } = core.settings.tuning()
      return maxBytesPerSecond > 0 ? { ...sizes, maxBytesPerSecond } : sizes
    },
  )
  const desktop = core.deps.desktop
  const log = new RotatingLog(join(core.deps.stateDir, 'logs'))
  const lifecycle = new TransferLog(log)
  const record = (batch: TransferSummary[]) => lifecycle.update(batch)
  const unsubscribe: (() => void)[] = [core.transfers.onChanged(record), downloads.onChanged(record)]
  log.info(
    `Ferry ${core.deps.version} started on ${process.platform} ${process.arch}, state in ${core.deps.stateDir}`,
  )
  if (desktop) {
    const attention = new TransferAttention()
    const follow = (batch: TransferSummary[]) => {
      const effects = attention.update(batch)
      if (effects.progress) desktop.setProgress(effects.progress.fraction, effects.progress.mode)
      if (effects.notification) desktop.notify(effects.notification.title, effects.notification.body)
    }
    unsubscribe.push(core.transfers.onChanged(follow), downloads.onChanged(follow))
  }
  const moves = new MoveCenter(core)
  const moveRecovery = startMoveRecovery(core, moves, log)
  // Not awaited on close: closing pauses the sets' files, and their journals keep the rest.
  void takeUpInterruptedDownloads(core, downloads, log, core.deps.resumeOnStart === true).catch(
    (e: unknown) =>
      log.error(`cannot take up the interrupted downloads: ${e instanceof Error ? e.message : String(e)}`),
  )
  return {
    downloads,
    moves,
    syncs: new SyncSessions(core, downloads),
    log,
    commands: new CommandRelay(),
    moveRecovery,
    async close() {
      for (const off of unsubscribe) off()
      await moveRecovery.stop()
      await downloads.close()
      log.info('Ferry closed its transfers and stopped')
    },
  }
}
