// The browser's versions view: every version and delete marker of the objects in the open
// folder, and the bucket's versioning switch.
import type { ObjectVersion, VersioningStatus } from '../../../shared/domain/versions'
import type { FerryErrorValue, Result } from '../../../shared/errors'
import type { TransferSummary } from '../../../shared/domain/transfer'
import { ferry } from '../bridge'
import type { LoadStatus, SliceCreator } from './types'

export interface VersionsSlice {
  showVersions: boolean
  versions: ObjectVersion[]
  versionFolders: string[]
  versionsStatus: LoadStatus
  versionsError: FerryErrorValue | null
  /** Set when the listing was cut at a page: "Load more" continues it. */
  versionsNext: { keyMarker: string; versionIdMarker?: string } | null
  versioning: VersioningStatus | null

  setShowVersions(on: boolean): void
  loadVersions(more?: boolean): Promise<void>
  setBucketVersioning(on: boolean): Promise<Result<VersioningStatus>>
  restoreVersion(v: ObjectVersion): Promise<Result<unknown>>
  deleteVersion(v: ObjectVersion): Promise<Result<null>>
  downloadVersion(v: ObjectVersion): Promise<Result<TransferSummary[]>>
}

const NO_BUCKET: Result<never> = {
  ok: false,
  error: { code: 'bad-input', message: 'no bucket is open', fix: 'Open a bucket first.' },
}

// A slow listing of a folder left behind must not overwrite the one on screen.
let request = 0

export const createVersionsSlice: SliceCreator<VersionsSlice> = (set, get) => {
  const where = () => {
    const { selectedConnectionId: connectionId, bucket } = get()
    return connectionId && bucket ? { connectionId, bucket } : null
  }
  /** A change to one version, then both listings read again. */
  const changeVersion = async <T>(
    v: ObjectVersion,
    change: (at: {
      connectionId: string
      bucket: string
      key: string
      versionId: string
    }) => Promise<Result<T>>,
  ): Promise<Result<T>> => {
    const at = where()
    if (!at) return NO_BUCKET
    const result = await change({ ...at, key: v.key, versionId: v.versionId })
    if (result.ok) {
      void get().loadVersions()
      get().refresh()
    }
    return result
  }
  return {
    showVersions: false,
    versions: [],
    versionFolders: [],
    versionsStatus: 'idle',
    versionsError: null,
    versionsNext: null,
    versioning: null,

    setShowVersions(on) {
      set({ showVersions: on, versions: [], versionFolders: [], versionsNext: null })
      if (on) void get().loadVersions()
      // Versions may have been restored or deleted meanwhile: the objects are read afresh.
      else if (get().bucket) get().refresh()
    },

    async loadVersions(more = false) {
      const at = where()
      if (!at) return
      const mine = ++request
      const next = more ? get().versionsNext : null
      set({ versionsStatus: 'loading', versionsError: null })
      const [page, versioning] = await Promise.all([
        ferry.listVersions({
          ...at,
          prefix: get().prefix,
          ...(next ? { keyMarker: next.keyMarker } : {}),
          ...(next?.versionIdMarker ? { versionIdMarker: next.versionIdMarker } : {}),
        }),
        more ? null : ferry.getVersioning(at),
      ])
      if (mine !== request) return
      if (versioning?.ok) set({ versioning: versioning.value })
      if (!page.ok) {
        set({ versionsStatus: 'error', versionsError: page.error })
        return
      }
      set({
        versionsStatus: 'ready',
        versions: more ? [...get().versions, ...page.value.versions] : page.value.versions,
        versionFolders: more ? [...get().versionFolders, ...page.value.folders] : page.value.folders,
        versionsNext: page.value.next ?? null,
      })
    },

    async setBucketVersioning(on) {
      const at = where()
      if (!at) return NO_BUCKET
      const result = await ferry.setVersioning({ ...at, on })
      if (result.ok) set({ versioning: result.value })
      return result
    },

    restoreVersion: (v) => changeVersion(v, (at) => ferry.restoreVersion(at)),

    deleteVersion: (v) => changeVersion(v, (at) => ferry.deleteVersion(at)),

    async downloadVersion(v) {
      const at = where()
      if (!at) return NO_BUCKET
      return ferry.downloadVersion({ ...at, key: v.key, versionId: v.versionId })
    },
  }
}
