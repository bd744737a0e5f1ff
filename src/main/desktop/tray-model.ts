// What the tray icon shows while the window may be closed: a tooltip with the progress of
// what is running, and a menu to bring the window back, pause or resume everything, or quit.
// Pure: the tray follows every transfer change through TrayFollower.
import type { TransferSummary } from '../../shared/domain/transfer'
import { formatBytes } from '../../shared/sizes'
import { PAUSABLE_STATES, RESUMABLE_STATES, RUNNING_STATES } from '../../shared/transfer-groups'
import type { TrayModel } from '../core/shell-port'
import { plural } from '../../shared/plural'

export function trayModel(transfers: Iterable<TransferSummary>): TrayModel {
  let running = 0
  let resumable = 0
  let pausable = 0
  let size = 0
  let done = 0
  for (const t of transfers) {
    if (PAUSABLE_STATES.has(t.state)) pausable++
    if (RESUMABLE_STATES.has(t.state)) resumable++
    if (!RUNNING_STATES.has(t.state)) continue
    running++
    size += t.size
    done += Math.min(t.bytesDone, t.size)
  }
  let tooltip = 'Ferry'
  if (running > 0) {
    // Whole percents: the tooltip is rebuilt only when its text changes.
    const percent = size === 0 ? 0 : Math.floor((done / size) * 100)
    tooltip = `Ferry: ${plural(running, 'transfer')}, ${percent}% of ${formatBytes(size)}`
  } else if (resumable > 0) {
    tooltip = `Ferry: ${plural(resumable, 'transfer')} paused`
  }
  return {
    tooltip,
    items: [
      { action: 'show', label: 'Show Ferry', enabled: true },
      { separator: true },
      { action: 'pause-all', label: 'Pause All', enabled: pausable > 0 },
      { action: 'resume-all', label: 'Resume All', enabled: resumable > 0 },
      { separator: true },
      { action: 'quit', label: 'Quit Ferry', enabled: true },
    ],
  }
}

/** Every transfer's latest summary; answers a new tray model only when it differs from the last. */
export class TrayFollower {
  readonly #all = new Map<string, TransferSummary>()
  #shown = ''

  constructor(initial: readonly TransferSummary[] = []) {
    for (const t of initial) this.#all.set(t.id, t)
  }

  update(changed: readonly TransferSummary[]): TrayModel | null {
    for (const t of changed) this.#all.set(t.id, t)
    const model = trayModel(this.#all.values())
    const key = JSON.stringify(model)
    if (key === this.#shown) return null
    this.#shown = key
    return model
  }

  /** Transfers that quitting now would interrupt. */
  running(): number {
    let n = 0
    for (const t of this.#all.values()) if (RUNNING_STATES.has(t.state)) n++
    return n
  }
}
