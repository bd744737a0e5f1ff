import type { TransferSummary } from '../../../shared/domain/transfer'
import type { ParsedRequestOf } from '../../../shared/bridge/contract'
import type { ConnectionStore } from '../connections/connection-store'
import type { EngineLauncher, SystemEvents } from '../ports'

export interface TransferManagerDeps {
  launchEngine: EngineLauncher
  connections: ConnectionStore
  system: SystemEvents
  /** Folder of the append-only transfer journals. */
  journalDir: string
}

/** Queues transfers, hosts the engine process, and reports changes (batched). */
export class TransferManager {
  constructor(private readonly deps: TransferManagerDeps) {}

  list(): TransferSummary[] {
    return []
  }

  async upload(_request: ParsedRequestOf<'transfers:upload'>): Promise<TransferSummary[]> {
    throw new Error('TransferManager.upload: not built yet')
  }

  pause(_id: string): void {}
  resume(_id: string): void {}
  cancel(_id: string): void {}

  onChanged(_listener: (batch: TransferSummary[]) => void): () => void {
    return () => {}
  }

  async close(): Promise<void> {}
}
