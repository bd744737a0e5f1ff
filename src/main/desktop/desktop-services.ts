// The app's desktop-side services over a core: downloads started from the window, and the
// taskbar/dock progress and notifications that follow every transfer. One set per core,
// reached from the bridge handlers through the core they are given.
import type { TransferSummary } from '../../shared/domain/transfer'
import type { Core } from '../core/create-core'
import { DownloadCenter } from './download-center'
import { SyncSessions } from './sync-sessions'
import { TransferAttention } from './transfer-attention'

export interface DesktopServices {
  downloads: DownloadCenter
  syncs: SyncSessions
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

/** Every transfer the window shows: the transfer manager's and the download center's. */
export function onAnyTransferChanged(core: Core, listener: (batch: TransferSummary[]) => void): () => void {
  const offUploads = core.transfers.onChanged(listener)
  const offDownloads = desktopServices(core).downloads.onChanged(listener)
  return () => {
    offUploads()
    offDownloads()
  }
}

function createServices(core: Core): DesktopServices {
  const downloads = new DownloadCenter(
    {
      run: (download) => core.transfers.download(download),
      stop: (transferId) => core.transfers.stopDownload(transferId),
    },
    () => {
      // The download module reads an absent limit as none, and refuses a rate of 0.
      const { maxBytesPerSecond, ...sizes } = core.settings.tuning()
      return maxBytesPerSecond > 0 ? { ...sizes, maxBytesPerSecond } : sizes
    },
  )
  const desktop = core.deps.desktop
  const unsubscribe: (() => void)[] = []
  if (desktop) {
    const attention = new TransferAttention()
    const follow = (batch: TransferSummary[]) => {
      const effects = attention.update(batch)
      if (effects.progress) desktop.setProgress(effects.progress.fraction, effects.progress.mode)
      if (effects.notification) desktop.notify(effects.notification.title, effects.notification.body)
    }
    unsubscribe.push(core.transfers.onChanged(follow), downloads.onChanged(follow))
  }
  return {
    downloads,
    syncs: new SyncSessions(core, downloads),
    async close() {
      for (const off of unsubscribe) off()
      await downloads.close()
    },
  }
}
