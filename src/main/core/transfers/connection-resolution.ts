// Which connection a transfer runs with: the one a request carries (the CLI), a saved one by
// id (the app), or, for a journaled transfer, the saved one for the endpoint it was sent to.
import { FerryError } from '../../../shared/errors'
import type { EngineConnection } from '../../../shared/engine-protocol'
import type { JournalConnection } from '../../journal/journal'

/** What the manager needs of saved connections (the ConnectionStore provides it). */
export interface ConnectionResolver {
  resolve(id: string): EngineConnection
  list?(): { id: string; endpoint: string; region: string }[]
}

/** A request names its connection: by id, or the connection itself. */
export interface ConnectionChoice {
  connectionId?: string | undefined
  connection?: EngineConnection | undefined
}

const noConnections = (): FerryError =>
  new FerryError({
    code: 'bad-input',
    message: 'no saved connections here',
    fix: 'Pass the connection itself.',
  })

export function connectionOf(
  saved: ConnectionResolver | undefined,
  input: ConnectionChoice,
): EngineConnection {
  if (input.connection) return input.connection
  if (input.connectionId) {
    if (!saved) throw noConnections()
    return saved.resolve(input.connectionId)
  }
  throw new FerryError({
    code: 'bad-input',
    message: 'the upload names no connection',
    fix: 'Pick a connection.',
  })
}

/** A saved connection by id; throws where there are none (the CLI). */
export function savedConnection(saved: ConnectionResolver | undefined, id: string): EngineConnection {
  if (!saved) throw noConnections()
  return saved.resolve(id)
}

/** The credentials for a journaled transfer: its saved connection, or one for the same endpoint. */
export function connectionForJournal(
  saved: ConnectionResolver | undefined,
  journal: JournalConnection,
): EngineConnection {
  if (saved && journal.connectionId) return saved.resolve(journal.connectionId)
  const match = saved?.list?.().find((c) => c.endpoint === journal.endpoint && c.region === journal.region)
  if (saved && match) return saved.resolve(match.id)
  throw new FerryError({
    code: 'invalid-credentials',
    message: `no saved connection for ${journal.endpoint || 'AWS'} (${journal.region}) to resume this transfer with`,
    fix: 'Resume it with ferry resume ID where the credentials are set, or add a connection for that endpoint.',
  })
}
