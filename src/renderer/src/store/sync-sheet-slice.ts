import type { SyncDirection, SyncOutcome, SyncPlanView } from '../../../shared/domain/sync'
import type { FerryErrorValue } from '../../../shared/errors'
import { ferry } from '../bridge'
import type { SliceCreator } from './types'

export type SyncCompare = 'size-mtime' | 'checksum'

/** Where the sheet is: choosing, listing both sides, showing the plan, moving, finished. */
export type SyncStage =
  | { kind: 'setup' }
  | { kind: 'planning' }
  | { kind: 'plan'; plan: SyncPlanView }
  | { kind: 'running'; plan: SyncPlanView }
  | { kind: 'done'; plan: SyncPlanView; outcome: SyncOutcome }

export interface SyncSheet {
  /** The open folder of the bucket when the sheet opened. */
  prefix: string
  folder: string | null
  direction: SyncDirection
  compare: SyncCompare
  /** Off until the person ticks it, whatever the plan lists. */
  deleteExtras: boolean
  stage: SyncStage
  error: FerryErrorValue | null
}

export interface SyncSheetSlice {
  syncSheet: SyncSheet | null
  openSyncSheet(): void
  closeSyncSheet(): void
  /** The OS folder dialog; a new folder discards the plan. */
  chooseSyncFolder(): Promise<void>
  /** A new direction or comparison discards the plan; deleteExtras keeps it. */
  setSyncOptions(change: Partial<Pick<SyncSheet, 'direction' | 'compare' | 'deleteExtras'>>): void
  /** Lists both sides and shows what would move: nothing moves. */
  planSync(): Promise<void>
  /** Runs the plan shown; its files appear in the Transfers panel. */
  confirmSync(): Promise<void>
}

export const createSyncSheetSlice: SliceCreator<SyncSheetSlice> = (set, get) => {
  const update = (change: Partial<SyncSheet>) => {
    const sheet = get().syncSheet
    if (sheet) set({ syncSheet: { ...sheet, ...change } })
  }
  return {
    syncSheet: null,

    openSyncSheet() {
      set({
        syncSheet: {
          prefix: get().prefix,
          folder: null,
          direction: 'upload',
          compare: 'size-mtime',
          deleteExtras: false,
          stage: { kind: 'setup' },
          error: null,
        },
      })
    },

    closeSyncSheet() {
      set({ syncSheet: null })
    },

    async chooseSyncFolder() {
      const result = await ferry.pickSyncFolder()
      if (!result.ok) return update({ error: result.error })
      if (result.value !== null) update({ folder: result.value, stage: { kind: 'setup' }, error: null })
    },

    setSyncOptions(change) {
      const sheet = get().syncSheet
      if (!sheet || sheet.stage.kind === 'running' || sheet.stage.kind === 'planning') return
      const replan = change.direction !== undefined || change.compare !== undefined
      update(replan ? { ...change, stage: { kind: 'setup' }, error: null } : change)
    },

    async planSync() {
      const { syncSheet: sheet, selectedConnectionId: connectionId, bucket } = get()
      if (!sheet || !sheet.folder || !connectionId || !bucket) return
      update({ stage: { kind: 'planning' }, error: null })
      const result = await ferry.planSync({
        connectionId,
        bucket,
        prefix: sheet.prefix,
        folder: sheet.folder,
        direction: sheet.direction,
        compare: sheet.compare,
      })
      // The sheet may have been closed, or changed, while both sides were listed.
      if (get().syncSheet?.stage.kind !== 'planning') return
      update(
        result.ok
          ? { stage: { kind: 'plan', plan: result.value } }
          : { stage: { kind: 'setup' }, error: result.error },
      )
    },

    async confirmSync() {
      const sheet = get().syncSheet
      if (!sheet || sheet.stage.kind !== 'plan') return
      const { plan } = sheet.stage
      update({ stage: { kind: 'running', plan }, error: null })
      const result = await ferry.runSync({ id: plan.id, delete: sheet.deleteExtras })
      if (get().syncSheet?.stage.kind !== 'running') return
      update(
        result.ok
          ? { stage: { kind: 'done', plan, outcome: result.value } }
          : { stage: { kind: 'setup' }, error: result.error },
      )
      if (result.ok && plan.direction === 'upload') get().refresh()
    },
  }
}
