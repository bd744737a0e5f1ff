// A move or copy set as `ferry transfers` shows it: one row for the set, its objects as parts,
// read from the set's journal alone.
import { plural } from '../../shared/plural'
import type { TransferSummary } from '../../shared/domain/transfer'
import { dirname } from 'node:path'
import { cancelPending } from './cancel-marks'
import { moveHeldElsewhere, type MoveView } from './move-journal'

export function moveSummary(view: MoveView): TransferSummary {
  const h = view.header
  const from = h.source.kind === 'prefix' ? h.source.prefix : h.source.key
  const verb = h.op === 'move' ? 'moved' : 'copied'
  const done = h.op === 'move' ? view.moved : view.copied.size
  // The bytes now at their destination. The set's total is known only once it finished: the
  // listing of its sources is not journaled, only each object as it starts.
  let bytesCopied = 0
  for (const key of view.copied.keys()) bytesCopied += view.started.get(key)?.size ?? 0
  const summary: TransferSummary = {
    id: h.id,
    // The row reads "SOURCE to BUCKET/KEY", as an upload's does.
    direction: 'upload',
    source: `s3://${h.source.bucket}/${from}`,
    bucket: h.target.bucket,
    key: h.target.key,
    connectionId: h.connection.connectionId ?? '',
    size: view.end?.status === 'done' ? bytesCopied : 0,
    bytesDone: bytesCopied,
    state: 'failed',
    speed: 0,
    partsTotal: 0,
    partsDone: done,
    partsReused: 0,
    createdAt: h.createdAt,
    updatedAt: view.updatedAt,
  }
  const first = [...view.failed.values()][0]
  if (view.end?.status === 'done') summary.state = 'done'
  else if (view.end?.status === 'failed')
    summary.error = {
      code: first?.code ?? 'internal',
      message: `${plural(view.failed.size, 'object')} ${view.failed.size === 1 ? 'was' : 'were'} not ${verb}, first: ${first?.message ?? 'unknown'}`,
      fix: `${first?.fix ?? ''} Then run the same command again: what is done stays done.`.trim(),
    }
  else if (moveHeldElsewhere(view)) summary.state = 'uploading'
  else if (cancelPending(dirname(dirname(view.path)), h.id)) {
    // Cancelled by the person, its multipart copies not aborted yet: nothing resumes it by itself.
    summary.error = {
      code: 'internal',
      message: `the cancel of the ${h.op} ${summary.source} did not finish`,
      fix: `Cancel it again (ferry cancel ${h.id}): Ferry keeps its journal, with what is left open on the store, until that is aborted.`,
    }
  } else {
    summary.state = 'paused'
    summary.error = {
      code: 'paused',
      message: `the ${h.op} stopped with ${plural(done, 'object')} ${verb}`,
      fix: 'Run the same command again, or ferry resume --all.',
      retryable: true,
    }
  }
  return summary
}
