// What the person is told of the moves and copies finished at start (move-recovery.ts): the
// same desktop notification that says a batch of transfers ended while the window may be
// hidden, one per set, in the words of the move the person made.
import type { ObjectPlace } from '../../shared/bridge/contract'
import type { Core } from '../core/create-core'
import { plural } from '../../shared/plural'
import type { MoveHeader } from '../journal/move-journal'
import { finishInterruptedMoves, type MoveRecoveryOutcome } from './move-recovery'
import type { RotatingLog } from './rotating-log'

/** "photos/ to archive/photos/"; the bucket is named when the set goes to another one. */
export function moveWords(h: MoveHeader): string {
  const from = h.source.kind === 'prefix' ? h.source.prefix : h.source.key
  const named = (bucket: string, key: string) => (key === '' ? `${bucket}/` : key)
  const to =
    h.target.bucket === h.source.bucket
      ? named(h.target.bucket, h.target.key)
      : `${h.target.bucket}/${h.target.key}`
  return `${named(h.source.bucket, from)} to ${to}`
}

export function moveRecoveryNotice(
  outcome: MoveRecoveryOutcome,
): { title: string; body: string } | undefined {
  const h = outcome.header
  const noun = h.op === 'move' ? 'Move' : 'Copy'
  const ing = h.op === 'move' ? 'moving' : 'copying'
  if (outcome.kind === 'left') return undefined
  if (outcome.kind === 'failed') {
    const { message, fix } = outcome.error
    return {
      title: `${noun} failed`,
      body: `${ing[0]!.toUpperCase()}${ing.slice(1)} ${moveWords(h)}, interrupted when Ferry quit, did not finish: ${message}. ${fix}`,
    }
  }
  const skipped =
    outcome.skipped > 0 ? `; ${plural(outcome.skipped, 'object')} already there, left as they were` : ''
  return {
    title: `${noun} finished`,
    body: `Finished ${ing} ${moveWords(h)} (${plural(outcome.objects, 'object')}${skipped}), interrupted when Ferry quit`,
  }
}

/** The folders a set changed: a move's source and target, a copy's target. */
export function placesOf(h: MoveHeader): ObjectPlace[] {
  const folder = (key: string) => key.slice(0, key.lastIndexOf('/') + 1)
  const fromId = h.connection.connectionId ?? ''
  const target = {
    connectionId: h.to?.connectionId ?? fromId,
    bucket: h.target.bucket,
    prefix: h.source.kind === 'prefix' ? h.target.key : folder(h.target.key),
  }
  if (h.op === 'copy') return [target]
  const prefix = h.source.kind === 'prefix' ? h.source.prefix : folder(h.source.key)
  return [{ connectionId: fromId, bucket: h.source.bucket, prefix }, target]
}

export interface MoveRecoveryRun {
  /** What became of each set, once all ran (or the app closed). */
  done: Promise<MoveRecoveryOutcome[]>
  /** Stops the run (the app is closing); the journals keep what is left for the next start. */
  stop(): Promise<void>
  /** Folders each finished (or failed) set changed, for the window to refresh its listing. */
  onObjectsChanged(listener: (places: ObjectPlace[]) => void): () => void
}

/** At start, when "resume at start" allows: finishes the window's sets and tells the person. */
export function startMoveRecovery(core: Core, log: RotatingLog): MoveRecoveryRun {
  const listeners = new Set<(places: ObjectPlace[]) => void>()
  const onObjectsChanged = (listener: (places: ObjectPlace[]) => void) => {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }
  if (!core.deps.resumeOnStart) return { done: Promise.resolve([]), stop: async () => {}, onObjectsChanged }
  const abort = new AbortController()
  const done = finishInterruptedMoves(core, {
    signal: abort.signal,
    onOutcome: (outcome) => {
      // Stopped because the app is closing: the next start carries on, nothing to tell.
      if (abort.signal.aborted) return
      const words = `${outcome.header.op} ${outcome.header.id} (${moveWords(outcome.header)})`
      if (outcome.kind === 'left') log.warn(`left the interrupted ${words}: ${outcome.reason}`)
      else if (outcome.kind === 'failed')
        log.error(`the interrupted ${words} failed again: ${outcome.error.message}`)
      else log.info(`finished the interrupted ${words}`)
      const notice = moveRecoveryNotice(outcome)
      if (notice) core.deps.desktop?.notify(notice.title, notice.body)
      if (outcome.kind === 'left') return
      const places = placesOf(outcome.header)
      for (const listener of listeners) listener(places)
    },
  }).catch((e: unknown) => {
    log.error(`cannot finish the interrupted moves: ${e instanceof Error ? e.message : String(e)}`)
    return []
  })
  return {
    done,
    onObjectsChanged,
    async stop() {
      abort.abort()
      await done
    },
  }
}
