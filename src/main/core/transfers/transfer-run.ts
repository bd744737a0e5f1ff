// One run of a transfer in the engine: the request its queued action asks for, sent with
// fresh credentials, and the engine's one reply (a failure of its own making included).
import { toErrorValue } from '../../../shared/errors'
import type { EngineConnection, EngineReply, EngineRequest } from '../../../shared/engine-protocol'
import type { CredentialRefresh } from './credential-refresh'
import type { EngineLink } from './engine-link'
import type { Entry } from './transfer-entry'
import type { Action } from './transfer-phase'

type Unsent<R> = R extends EngineRequest ? Omit<R, 'requestId'> : never

export function requestFor(
  entry: Entry,
  action: Action,
  connection: EngineConnection,
  journalDir: string,
): Unsent<EngineRequest> {
  switch (action.kind) {
    case 'upload':
      return { type: 'upload', job: { ...action.job, connection }, journalDir }
    case 'stream':
      return { type: 'stream', job: { ...action.job, connection }, journalDir }
    case 'resume':
      return {
        type: 'resume',
        transferId: entry.summary.id,
        journalDir,
        connection,
        tuning: entry.tuning,
        ...(entry.streamJob ? { sourceUrl: entry.streamJob.url } : {}),
        ...(entry.customerKey ? { customerKey: entry.customerKey } : {}),
      }
  }
}

export async function runOnce(
  entry: Entry,
  action: Action,
  link: EngineLink,
  credentials: CredentialRefresh,
  journalDir: string,
): Promise<EngineReply> {
  let reply: EngineReply
  try {
    // Short-lived profile credentials go with the request; entry.connection stays the profile.
    const connection = await credentials.prepare(entry.connection)
    if (entry.phase.kind === 'running' && entry.phase.stopping) {
      reply = { type: 'paused', requestId: '', transferId: entry.summary.id }
    } else {
      entry.inEngine = true
      reply = await link.request(requestFor(entry, action, connection, journalDir))
    }
  } catch (e) {
    reply = { type: 'failed', requestId: '', transferId: entry.summary.id, error: toErrorValue(e) }
  }
  entry.inEngine = false
  if (reply.type === 'failed' && reply.error.code === 'credentials-expired')
    reply.error = credentials.explain(entry.connection, reply.error)
  return reply
}
