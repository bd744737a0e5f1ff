// What the desktop shows of transfers while the window may be hidden: one progress figure
// for the taskbar/dock, and a notification when a batch ends. A batch is every transfer
// that ran since the moment nothing was running; it ends when nothing runs any more.
import type { TransferState, TransferSummary } from '../../shared/domain/transfer'
import { formatBytes } from '../../shared/sizes'
import type { ProgressMode } from '../core/ports'
import { plural } from '../../shared/plural'

export interface AttentionEffects {
  progress?: { fraction: number | null; mode: ProgressMode }
  notification?: { title: string; body: string }
}

const RUNNING: ReadonlySet<TransferState> = new Set([
  'queued',
  'preparing',
  'uploading',
  'downloading',
  'verifying',
  'waiting-network',
])

const ENDED: ReadonlySet<TransferState> = new Set(['done', 'failed', 'needs-credentials'])

export class TransferAttention {
  readonly #all = new Map<string, TransferSummary>()
  readonly #batch = new Set<string>()
  #shown = ''

  update(changed: readonly TransferSummary[]): AttentionEffects {
    for (const t of changed) {
      const before = this.#all.get(t.id)
      this.#all.set(t.id, t)
      // A small file can queue, run and finish between two change events: arriving finished
      // (or newly finished) still makes it part of the batch.
      const justEnded = ENDED.has(t.state) && before?.state !== t.state
      if (RUNNING.has(t.state) || justEnded) this.#batch.add(t.id)
    }
    if (this.#batch.size === 0) return {}
    const members = [...this.#batch].map((id) => this.#all.get(id)!)
    const running = members.filter((t) => RUNNING.has(t.state))
    if (running.length > 0) return this.#progress(members, running)
    this.#batch.clear()
    this.#shown = ''
    const effects: AttentionEffects = { progress: { fraction: null, mode: 'normal' } }
    const notification = batchNotification(members)
    if (notification) effects.notification = notification
    return effects
  }

  #progress(members: TransferSummary[], running: TransferSummary[]): AttentionEffects {
    let size = 0
    let done = 0
    for (const t of members) {
      if (t.state === 'cancelled') continue
      size += t.size
      done += t.state === 'done' ? t.size : Math.min(t.bytesDone, t.size)
    }
    const fraction = size === 0 ? 0 : Math.floor((done / size) * 1000) / 1000
    const mode: ProgressMode = running.every((t) => t.state === 'waiting-network') ? 'paused' : 'normal'
    // The taskbar needs no more than a change per tenth of a percent.
    const key = `${fraction}:${mode}`
    if (key === this.#shown) return {}
    this.#shown = key
    return { progress: { fraction, mode } }
  }
}

/** Nothing to say when the batch only paused or was cancelled: the person did that themselves. */
export function batchNotification(members: readonly TransferSummary[]): AttentionEffects['notification'] {
  const done = members.filter((t) => t.state === 'done')
  const failed = members.filter((t) => t.state === 'failed' || t.state === 'needs-credentials')
  const paused = members.filter((t) => t.state === 'paused').length
  if (done.length === 0 && failed.length === 0) return undefined
  const directions = new Set(members.map((t) => t.direction))
  const noun = directions.size > 1 ? 'Transfers' : directions.has('download') ? 'Downloads' : 'Uploads'
  const tail = paused > 0 ? `; ${plural(paused, 'file')} paused` : ''
  if (failed.length > 0) {
    const first = failed[0]!
    const reason = first.error ? `: ${first.error.message}` : ''
    const title = `${noun} failed`
    const what = failed.length === 1 ? first.key : `${plural(failed.length, 'file')}, first ${first.key}`
    return { title, body: `${plural(done.length, 'file')} done, ${what} failed${reason}${tail}` }
  }
  const bytes = done.reduce((sum, t) => sum + t.size, 0)
  const unverified = done.filter((t) => t.verification && !t.verification.verified).length
  const check = unverified > 0 ? `${plural(unverified, 'file')} not verified` : 'verified'
  const only = done.length === 1 ? done[0]!.key : plural(done.length, 'file')
  return { title: `${noun} finished`, body: `${only}, ${formatBytes(bytes)}, ${check}${tail}` }
}
