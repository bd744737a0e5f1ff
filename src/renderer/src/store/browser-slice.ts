import type { ListEntry } from '../../../shared/domain/objects'
import type { DeleteObjectsResult } from '../../../shared/bridge/contract'
import type { FerryErrorValue, Result } from '../../../shared/errors'
import { ferry } from '../bridge'
import type { LoadStatus, SliceCreator } from './types'

export type ObjectEntry = Extract<ListEntry, { kind: 'object' }>

export interface BrowserSlice {
  bucket: string | null
  /** The open folder: '' for the bucket root, else ending in '/'. */
  prefix: string
  /** Folders as S3 names them (full prefixes), in listing order. */
  folders: string[]
  /**
   * The listing so far. Later pages are appended to these same arrays (a new listing gets new
   * ones) and listVersion counts the appends: copying 100,000 entries for every page of 1,000
   * made garbage enough to keep the window in major collections. Select listVersion beside
   * them to see a page arrive.
   */
  objects: ObjectEntry[]
  listVersion: number
  /** Where the next page starts; null once the listing is complete. */
  nextToken: string | null
  listStatus: LoadStatus
  loadingMore: boolean
  listError: FerryErrorValue | null

  openBucket(bucket: string): void
  /** A bucket and a folder in it at once (restoring the last location). */
  openLocation(bucket: string, prefix: string): void
  closeBucket(): void
  openPrefix(prefix: string): void
  refresh(): void
  loadMore(): Promise<void>
  /** Deletes objects (keys) and folders (prefixes, with everything under them), then lists again. */
  deleteEntries(ids: string[]): Promise<Result<DeleteObjectsResult>>
}

// Each navigation starts a new generation; pages that arrive for an older one are dropped,
// so a slow listing of a folder left behind cannot fill the folder now open.
let generation = 0

export const createBrowserSlice: SliceCreator<BrowserSlice> = (set, get) => {
  async function listFirstPage(): Promise<void> {
    const { selectedConnectionId: connectionId, bucket, prefix } = get()
    if (!connectionId || !bucket) return
    const mine = ++generation
    set((s) => ({
      folders: [],
      objects: [],
      listVersion: s.listVersion + 1,
      nextToken: null,
      listStatus: 'loading',
      loadingMore: false,
      listError: null,
    }))
    const result = await ferry.listObjects({ connectionId, bucket, prefix })
    if (mine !== generation) return
    if (!result.ok) {
      set({ listStatus: 'error', listError: result.error })
      return
    }
    const { folders, objects } = split(result.value.entries)
    // A refresh keeps the selection of rows that are still there (a deleted object leaves it).
    const present = new Set([...folders, ...objects.map((o) => o.key)])
    set((s) => ({
      folders,
      objects,
      listVersion: s.listVersion + 1,
      nextToken: result.value.nextToken ?? null,
      listStatus: 'ready',
      selection: result.value.nextToken ? s.selection : s.selection.filter((id) => present.has(id)),
    }))
  }

  const leave = { selection: [], selectionAnchor: null, filter: '' }

  return {
    bucket: null,
    prefix: '',
    folders: [],
    objects: [],
    listVersion: 0,
    nextToken: null,
    listStatus: 'idle',
    loadingMore: false,
    listError: null,

    openBucket(bucket) {
      set({ bucket, prefix: '', ...leave })
      void listFirstPage()
    },

    openLocation(bucket, prefix) {
      set({ bucket, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`, ...leave })
      void listFirstPage()
    },

    closeBucket() {
      generation++
      set((s) => ({
        ...leave,
        bucket: null,
        prefix: '',
        folders: [],
        objects: [],
        listVersion: s.listVersion + 1,
        nextToken: null,
        listStatus: 'idle',
        listError: null,
      }))
    },

    openPrefix(prefix) {
      set({ prefix, ...leave })
      void listFirstPage()
    },

    refresh() {
      void listFirstPage()
    },

    async deleteEntries(ids) {
      const { selectedConnectionId: connectionId, bucket } = get()
      if (!connectionId || !bucket) {
        return {
          ok: false,
          error: { code: 'bad-input', message: 'no bucket is open', fix: 'Pick a bucket first.' },
        }
      }
      const result = await ferry.deleteObjects({
        connectionId,
        bucket,
        keys: ids.filter((id) => !id.endsWith('/')),
        prefixes: ids.filter((id) => id.endsWith('/')),
      })
      void listFirstPage()
      return result
    },

    async loadMore() {
      const { selectedConnectionId: connectionId, bucket, prefix, nextToken, loadingMore } = get()
      if (!connectionId || !bucket || !nextToken || loadingMore) return
      const mine = generation
      set({ loadingMore: true })
      const result = await ferry.listObjects({ connectionId, bucket, prefix, continuationToken: nextToken })
      if (mine !== generation) return
      if (!result.ok) {
        set({ loadingMore: false, listError: result.error })
        return
      }
      const page = split(result.value.entries)
      const { folders, objects } = get()
      for (const folder of page.folders) folders.push(folder)
      for (const entry of page.objects) objects.push(entry)
      set((s) => ({
        listVersion: s.listVersion + 1,
        nextToken: result.value.nextToken ?? null,
        loadingMore: false,
      }))
    },
  }
}

function split(entries: ListEntry[]): { folders: string[]; objects: ObjectEntry[] } {
  const folders: string[] = []
  const objects: ObjectEntry[] = []
  for (const entry of entries) {
    if (entry.kind === 'prefix') folders.push(entry.prefix)
    else objects.push(entry)
  }
  return { folders, objects }
}
