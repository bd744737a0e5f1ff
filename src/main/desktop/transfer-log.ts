// Each transfer's lifecycle in the diagnostics log: one line per change of state (queued,
// uploading, paused, done and verified, failed and why), never per progress step.
import type { TransferSummary } from '../../shared/domain/transfer'
import { formatBytes } from '../../shared/sizes'
import type { RotatingLog } from './rotating-log'

export function lifecycleLine(t: TransferSummary): string {
  const where = `${t.direction} ${t.id} s3://${t.bucket}/${t.key}`
  switch (t.state) {
    case 'done': {
      const v = t.verification
      const check = !v ? '' : v.verified ? `, verified (${v.method})` : `, not verified: ${v.reason}`
      return `${where} done, ${formatBytes(t.size)}${t.partsReused > 0 ? `, ${t.partsReused} parts resumed` : ''}${check}`
    }
    case 'failed':
    case 'needs-credentials':
    case 'waiting-network': {
      const e = t.error
      return `${where} ${t.state}${e ? `: [${e.code}] ${e.message}. Fix: ${e.fix}` : ''}`
    }
    default:
      return `${where} ${t.state}, ${formatBytes(t.bytesDone)} of ${formatBytes(t.size)}`
  }
}

export class TransferLog {
  readonly #last = new Map<string, string>()

  constructor(private readonly log: RotatingLog) {}

  update(changed: readonly TransferSummary[]): void {
    for (const t of changed) {
      const last = this.#last.get(t.id)
      if (last === t.state) continue
      this.#last.set(t.id, t.state)
      const failed = t.state === 'failed' || t.state === 'needs-credentials'
      // The first line of a transfer says where its bytes come from.
      const line = last === undefined ? `${lifecycleLine(t)} (from ${t.source})` : lifecycleLine(t)
      this.log.write(failed ? 'error' : t.state === 'waiting-network' ? 'warn' : 'info', line)
    }
  }
}
