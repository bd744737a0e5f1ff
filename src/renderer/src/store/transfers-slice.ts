import type { IfExists, TransferState, TransferSummary, UploadHeaders } from '../../../shared/domain/transfer'
import type { FerryErrorValue, Result } from '../../../shared/errors'
import { ferry } from '../bridge'
import { mergeAdded } from './transfer-order'
import type { SliceCreator } from './types'

export interface TransfersSlice {
  /**
   * Rows by id. Each row is replaced, never edited, so a row's selector sees its change; the
   * record itself is updated in place, because copying ten thousand entries for every batch of
   * progress (several a second) was the renderer's largest cost with a long queue.
   */
  transfers: Record<string, TransferSummary>
  /** How many transfers are in each state, kept as batches arrive (the panel's summary). */
  transferCounts: Partial<Record<TransferState, number>>
  /** Ids, newest first. */
  transferOrder: string[]
  /** The last failed transfer action (upload, pause, ...), shown above the list until dismissed. */
  transfersError: FerryErrorValue | null

  loadTransfers(): Promise<void>
  transfersChanged(batch: TransferSummary[]): void
  /** Takes rows off the list: those Clear finished forgot, or main took away. */
  transfersRemoved(ids: string[]): void
  /** Uploads local files and folders into a folder of the open bucket. */
  upload(request: UploadOptions): Promise<Result<TransferSummary[]>>
  /** Downloads objects and folders (prefixes) of the open bucket into a folder the person picks. */
  download(keys: string[], prefixes?: string[]): Promise<Result<TransferSummary[]>>
  /** Opens a finished download's file in the OS file manager. */
  showInFolder(id: string): Promise<void>
  pauseTransfer(id: string): Promise<void>
  pauseAllTransfers(): Promise<void>
  resumeAllTransfers(): Promise<void>
  /** Cancels every transfer not finished, in one request; false when it failed (transfersError says why). */
  cancelAllTransfers(): Promise<boolean>
  /** Takes done and cancelled transfers off the list. */
  clearFinishedTransfers(): Promise<void>
  resumeTransfer(id: string): Promise<void>
  cancelTransfer(id: string): Promise<void>
  reportTransfersError(error: FerryErrorValue | null): void
}

export interface UploadOptions {
  paths: string[]
  prefix: string
  headers: UploadHeaders
  ifExists: IfExists
  /** Patterns of files and folders inside the dropped folders to leave out. */
  exclude: string[]
  /** The SSE-C key's file, read by main (the key never reaches the page). */
  customerKeyFile?: string
  /** No encryption, chosen over the connection's default. */
  encryptionNone?: true
}

const noBucket = {
  code: 'bad-input',
  message: 'no bucket is open',
  fix: 'Pick a bucket on the left first.',
} as const

// Uploads finishing in the open folder refresh its listing, at most this often.
const REFRESH_DELAY_MS = 400
let refreshTimer: ReturnType<typeof setTimeout> | undefined

export const createTransfersSlice: SliceCreator<TransfersSlice> = (set, get) => {
  async function act(call: Promise<Result<unknown>>): Promise<void> {
    const result = await call
    set({ transfersError: result.ok ? null : result.error })
  }

  return {
    transfers: {},
    transferCounts: {},
    transferOrder: [],
    transfersError: null,

    async loadTransfers() {
      const result = await ferry.listTransfers()
      if (result.ok) get().transfersChanged(result.value)
      else set({ transfersError: result.error })
    },

    transfersChanged(batch) {
      if (batch.length === 0) return
      const { transfers: next, transferCounts, bucket, prefix } = get()
      const counts = { ...transferCounts }
      const added: string[] = []
      let landedHere = false
      for (const t of batch) {
        const before = next[t.id]
        // The initial list and the upload reply can arrive after fresher events.
        if (before && before.updatedAt > t.updatedAt) continue
        // A second row of the same id in the batch finds the first one as `before`.
        if (!before) added.push(t.id)
        if (
          t.state === 'done' &&
          before?.state !== 'done' &&
          t.direction === 'upload' &&
          t.bucket === bucket &&
          t.key.startsWith(prefix)
        ) {
          landedHere = true
        }
        if (before) counts[before.state] = (counts[before.state] ?? 0) - 1
        counts[t.state] = (counts[t.state] ?? 0) + 1
        next[t.id] = t
      }
      set(
        added.length > 0
          ? {
              transfers: next,
              transferCounts: counts,
              transferOrder: mergeAdded(get().transferOrder, added, next),
            }
          : { transfers: next, transferCounts: counts },
      )
      if (landedHere) {
        clearTimeout(refreshTimer)
        refreshTimer = setTimeout(() => get().refresh(), REFRESH_DELAY_MS)
      }
    },

    async upload({ paths, prefix, headers, ifExists, exclude, customerKeyFile, encryptionNone }) {
      const { selectedConnectionId: connectionId, bucket } = get()
      if (!connectionId || !bucket) return { ok: false, error: { ...noBucket } }
      const result = await ferry.upload({
        connectionId,
        bucket,
        prefix,
        paths,
        headers,
        ifExists,
        exclude,
        ...(customerKeyFile ? { customerKeyFile } : {}),
        ...(encryptionNone ? { encryptionNone } : {}),
      })
      if (result.ok) get().transfersChanged(result.value)
      return result
    },

    async download(keys, prefixes = []) {
      const { selectedConnectionId: connectionId, bucket } = get()
      if (!connectionId || !bucket) return { ok: false, error: { ...noBucket } }
      const result = await ferry.downloadObjects({ connectionId, bucket, keys, prefixes })
      if (result.ok) get().transfersChanged(result.value)
      return result
    },

    pauseTransfer: (id) => act(ferry.pauseTransfer({ id })),
    resumeTransfer: (id) => act(ferry.resumeTransfer({ id })),
    cancelTransfer: (id) => act(ferry.cancelTransfer({ id })),
    showInFolder: (id) => act(ferry.showInFolder({ id })),
    pauseAllTransfers: () => act(ferry.pauseAllTransfers()),
    resumeAllTransfers: () => act(ferry.resumeAllTransfers()),
    async cancelAllTransfers() {
      const result = await ferry.cancelAllTransfers()
      set({ transfersError: result.ok ? null : result.error })
      return result.ok
    },

    async clearFinishedTransfers() {
      const result = await ferry.clearFinishedTransfers()
      if (!result.ok) return set({ transfersError: result.error })
      get().transfersRemoved(result.value.ids)
      set({ transfersError: null })
    },

    transfersRemoved(ids) {
      const { transfers: next, transferCounts, transferOrder } = get()
      const counts = { ...transferCounts }
      for (const id of ids) {
        const gone = next[id]
        if (!gone) continue
        counts[gone.state] = (counts[gone.state] ?? 0) - 1
        delete next[id]
      }
      set({
        transfers: next,
        transferCounts: counts,
        transferOrder: transferOrder.filter((id) => id in next),
      })
    },

    reportTransfersError(error) {
      set({ transfersError: error })
    },
  }
}
