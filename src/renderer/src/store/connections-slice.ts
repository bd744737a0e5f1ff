import type {
  ConnectionInput,
  ConnectionSummary,
  ConnectionTestResult,
} from '../../../shared/domain/connection'
import type { BucketSummary } from '../../../shared/domain/objects'
import type { LastLocation } from '../../../shared/bridge/contract'
import type { FerryErrorValue, Result } from '../../../shared/errors'
import { ferry } from '../bridge'
import type { LoadStatus, SliceCreator } from './types'

export type ConnectionEditor = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; id: string }

export interface ConnectionsSlice {
  connections: ConnectionSummary[]
  connectionsStatus: LoadStatus
  connectionsError: FerryErrorValue | null
  selectedConnectionId: string | null
  buckets: BucketSummary[]
  bucketsStatus: LoadStatus
  bucketsError: FerryErrorValue | null
  editor: ConnectionEditor

  loadConnections(): Promise<void>
  connectionsChanged(all: ConnectionSummary[]): void
  selectConnection(id: string): Promise<void>
  loadBuckets(): Promise<void>
  openEditor(editor: ConnectionEditor): void
  saveConnection(input: ConnectionInput): Promise<Result<ConnectionSummary>>
  removeConnection(id: string): Promise<Result<null>>
  probeConnection(input: ConnectionInput): Promise<Result<ConnectionTestResult>>
}

// Picking connections quickly must not let a slow, older bucket list overwrite a newer one.
let bucketsRequest = 0
// Where the window was at the last run: consumed by the first pick of that connection.
let remembered: LastLocation | null = null

export const createConnectionsSlice: SliceCreator<ConnectionsSlice> = (set, get) => ({
  connections: [],
  connectionsStatus: 'idle',
  connectionsError: null,
  selectedConnectionId: null,
  buckets: [],
  bucketsStatus: 'idle',
  bucketsError: null,
  editor: { mode: 'closed' },

  async loadConnections() {
    set({ connectionsStatus: 'loading', connectionsError: null })
    const [result, last] = await Promise.all([ferry.listConnections(), ferry.lastLocation()])
    if (last.ok && last.value.connectionId) remembered = last.value
    if (!result.ok) {
      set({ connectionsStatus: 'error', connectionsError: result.error })
      return
    }
    set({ connectionsStatus: 'ready' })
    get().connectionsChanged(result.value)
    // First start: nothing to browse until a connection exists, so ask for one.
    if (result.value.length === 0) set({ editor: { mode: 'new' } })
  },

  connectionsChanged(all) {
    const sorted = [...all].sort(byName)
    set({ connections: sorted })
    const selected = get().selectedConnectionId
    if (selected && !sorted.some((c) => c.id === selected)) {
      set({ selectedConnectionId: null, buckets: [], bucketsStatus: 'idle', bucketsError: null })
      get().closeBucket()
    }
    const first = sorted.find((c) => c.id === remembered?.connectionId) ?? sorted[0]
    if (!get().selectedConnectionId && first) void get().selectConnection(first.id)
  },

  async selectConnection(id) {
    set({ selectedConnectionId: id })
    get().closeBucket()
    const restore = remembered?.connectionId === id ? remembered : null
    remembered = null
    await get().loadBuckets()
    if (get().selectedConnectionId !== id || get().bucketsStatus !== 'ready') return
    // The folder open at the last run, while its bucket still exists; else the connection's default bucket.
    if (restore?.bucket && get().buckets.some((b) => b.name === restore.bucket)) {
      get().openLocation(restore.bucket, restore.prefix)
      return
    }
    const connection = get().connections.find((c) => c.id === id)
    if (connection?.defaultBucket) get().openBucket(connection.defaultBucket)
  },

  async loadBuckets() {
    const connectionId = get().selectedConnectionId
    if (!connectionId) return
    const request = ++bucketsRequest
    set({ bucketsStatus: 'loading', bucketsError: null })
    const result = await ferry.listBuckets({ connectionId })
    if (request !== bucketsRequest) return
    if (result.ok) set({ buckets: result.value, bucketsStatus: 'ready' })
    else set({ buckets: [], bucketsStatus: 'error', bucketsError: result.error })
  },

  openEditor(editor) {
    set({ editor })
  },

  async saveConnection(input) {
    const result = await ferry.saveConnection(input)
    if (!result.ok) return result
    const saved = result.value
    get().connectionsChanged([...get().connections.filter((c) => c.id !== saved.id), saved])
    set({ editor: { mode: 'closed' } })
    // A saved edit may change endpoint or keys: list the buckets again with the new client.
    await get().selectConnection(saved.id)
    return result
  },

  async removeConnection(id) {
    const result = await ferry.removeConnection({ connectionId: id })
    if (result.ok) {
      set({ editor: { mode: 'closed' } })
      get().connectionsChanged(get().connections.filter((c) => c.id !== id))
    }
    return result
  },

  probeConnection: (input) => ferry.probeConnection(input),
})

const byName = (a: ConnectionSummary, b: ConnectionSummary) => a.name.localeCompare(b.name)
