// A tree download as `ferry transfers` and the app's list show it: one row for the set, its
// files as parts, read from the set's journal alone.
import { join } from 'node:path'
import type { TransferSummary } from '../../shared/domain/transfer'
import { setHeldElsewhere, type SetView } from './download-set-journal'
import { journalPathOf, readJournal } from './download-journal'

export function setSummary(view: SetView): TransferSummary {
  const h = view.header
  const first = h.sources[0]
  let bytesDone = 0
  for (const d of view.done.values()) bytesDone += d.size
  const summary: TransferSummary = {
    id: h.id,
    direction: 'download',
    // A file the person named (ferry get s3://B/KEY FILE) shows as that file.
    source: first?.kind === 'object' && first.as !== undefined ? join(h.target, first.as) : h.target,
    bucket: first?.bucket ?? '',
    key:
      (first?.kind === 'prefix' ? first.prefix : (first?.key ?? '')) +
      (h.sources.length > 1 ? ` (+${h.sources.length - 1} more)` : ''),
    connectionId: h.connection.connectionId ?? '',
    size: view.lastPlan?.bytes ?? 0,
    bytesDone,
    state: 'failed',
    speed: 0,
    partsTotal: view.lastPlan?.files ?? 0,
    partsDone: view.done.size,
    partsReused: 0,
    createdAt: h.createdAt,
    updatedAt: view.updatedAt,
  }
  if (view.end?.status === 'done') summary.state = 'done'
  else if (view.end?.status === 'failed')
    summary.error = {
      code: [...view.failed.values()][0]?.code ?? 'internal',
      message:
        h.sources.length === 1 && first?.kind === 'object'
          ? ([...view.failed.values()][0]?.message ?? 'the download failed')
          : `${view.failed.size} of the files failed, first: ${[...view.failed.values()][0]?.message ?? 'unknown'}`,
      fix: 'Fix the cause, then run the same command again: the files already written are kept.',
    }
  else if (setHeldElsewhere(view)) summary.state = 'downloading'
  else {
    summary.state = 'paused'
    summary.error = {
      code: 'paused',
      message: 'the download stopped before every file was written',
      fix: 'Run the same command again, or ferry resume --all.',
      retryable: true,
    }
  }
  return summary
}

/**
 * The summary with the bytes of the ranges kept for files started and not finished (read from
 * each file's ranges' journal): a paused download of one large file shows how far it got.
 */
export async function setSummaryWithRanges(view: SetView): Promise<TransferSummary> {
  const summary = setSummary(view)
  if (view.end?.status === 'done') return summary
  for (const relative of view.started.keys()) {
    if (view.done.has(relative)) continue
    const ranges = await readJournal(journalPathOf(join(view.header.target, ...relative.split('/'))))
    if (!ranges) continue
    const { size, rangeSize } = ranges.header
    for (const start of ranges.done) summary.bytesDone += Math.min(rangeSize, size - start)
  }
  return summary
}
