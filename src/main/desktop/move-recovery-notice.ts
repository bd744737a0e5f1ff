// What the person is told of the moves and copies finished at start (move-recovery.ts): the
// same desktop notification that says a batch of transfers ended while the window may be
// hidden, one per set, in the words of the move the person made; the transfers panel shows
// each set as a row besides.
import type { Core } from '../core/create-core'
import { plural } from '../../shared/plural'
import { setWords } from '../../shared/move-words'
import type { MoveHeader } from '../journal/move-journal'
import type { MoveCenter } from './move-center'
import { finishInterruptedMoves, type MoveRecoveryOutcome } from './move-recovery'
import type { RotatingLog } from './rotating-log'

/** "photos/ to archive/photos/"; the bucket is named when the set goes to another one. */
export const moveWords = (h: MoveHeader): string => setWords(h, { arrow: ' to ' })

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

export interface MoveRecoveryRun {
  /** What became of each set run (or left), once all ran (or the app closed). */
  done: Promise<MoveRecoveryOutcome[]>
  /** Stops the run (the app is closing); the journals keep what is left for the next start. */
  stop(): Promise<void>
}

/**
 * At start: the window's unfinished sets become rows of the transfers panel; when "resume at
 * start" allows, those cut short run, and the person is told of each end.
 */
export function startMoveRecovery(core: Core, center: MoveCenter, log: RotatingLog): MoveRecoveryRun {
  const abort = new AbortController()
  const done = finishInterruptedMoves(core, center, {
    resume: core.deps.resumeOnStart === true,
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
    },
  }).catch((e: unknown) => {
    log.error(`cannot finish the interrupted moves: ${e instanceof Error ? e.message : String(e)}`)
    return []
  })
  return {
    done,
    async stop() {
      abort.abort()
      await center.close()
      await done
    },
  }
}
