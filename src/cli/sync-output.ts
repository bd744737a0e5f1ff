// What `ferry sync` prints: the plan (--dry-run), each file moved or deleted as it happens,
// and the totals; JSON lines with --json, ending with the summary.
import type { SyncJob } from '../main/core/transfers/sync'
import type { SyncEvent, SyncSummary } from '../main/core/transfers/sync-run'
import { formatBytes } from '../shared/sizes'
import type { CommandContext } from './command'
import { jsonLines, redact } from './output'
import { plural } from '../shared/plural'

export function syncPrinter(job: SyncJob, ctx: CommandContext) {
  const { request } = job
  const json = ctx.values['json'] === true
  const lines = jsonLines(ctx.stdout, ctx.env)
  const out = (text: string) => ctx.stdout.write(redact(`${text}\n`, ctx.env))
  const err = (text: string) => ctx.stderr.write(redact(`${text}\n`, ctx.env))
  const url = (path: string) => `s3://${request.bucket}/${job.remote[path]?.key ?? request.prefix + path}`
  const local = (path: string) => job.local[path]?.path ?? `${request.folder}/${path}`
  const upload = request.direction === 'upload'
  const arrow = (path: string) =>
    upload ? `${local(path)} -> ${url(path)}` : `${url(path)} -> ${local(path)}`
  const deleted = (path: string) => (upload ? url(path) : local(path))

  const notes = () => {
    for (const link of job.skippedLinks) {
      if (json) lines.write({ event: 'note', code: 'symlink-skipped', path: link })
      else err(`ferry: note: ${link} is a symbolic link; sync leaves links out`)
    }
  }

  return {
    /** --dry-run: each file and why, each deletion, the totals. */
    plan(): void {
      notes()
      const { plan } = job
      const verb = upload ? 'upload' : 'download'
      for (const t of plan.transfers) {
        const why = t.fallback ? `${t.detail}; ${t.fallback}` : t.detail
        if (json)
          lines.write({
            event: `would-${verb}`,
            path: t.path,
            key: job.remote[t.path]?.key ?? request.prefix + t.path,
            size: t.size,
            reason: t.reason,
            detail: why,
          })
        else out(`would ${verb}  ${arrow(t.path)}  ${formatBytes(t.size)}  (${why})`)
      }
      for (const d of plan.deletions) {
        if (json) lines.write({ event: 'would-delete', path: d.path, target: deleted(d.path), size: d.size })
        else out(`would delete  ${deleted(d.path)}  ${formatBytes(d.size)}`)
      }
      for (const r of job.refused) {
        if (json) lines.write({ event: 'refused', name: r.name, error: r.error })
        else err(`ferry: ${r.error.message}. Fix: ${r.error.fix}`)
      }
      const moved = upload ? plan.totals.upload : plan.totals.download
      const totals = plan.totals
      if (json) {
        lines.write({
          event: 'plan',
          dryRun: true,
          [verb]: moved,
          skipped: totals.skipped,
          delete: totals.delete,
          refused: job.refused.length,
        })
      } else {
        out(
          `dry run: ${plural(moved.files, 'file')} to ${verb} (${formatBytes(moved.bytes)}), ` +
            `${totals.skipped.files} unchanged, ${plural(totals.delete.files, 'file')} to delete ` +
            `(${formatBytes(totals.delete.bytes)}); nothing was changed`,
        )
      }
      lines.flush()
    },

    start(): void {
      notes()
    },

    event(e: SyncEvent): void {
      if (json) {
        const { kind, ...fields } = e
        lines.write({ event: kind, ...fields })
        return
      }
      switch (e.kind) {
        case 'transferred':
          out(
            `${upload ? 'uploaded' : 'downloaded'}  ${arrow(e.path)}  ${formatBytes(e.bytes)}` +
              `${e.verified ? '  verified' : '  NOT verified'}${e.resumed ? '  (resumed)' : ''}`,
          )
          return
        case 'failed':
          err(`ferry: ${e.error.message}. Fix: ${e.error.fix}`)
          return
        case 'deleted':
          out(`deleted  ${deleted(e.path)}`)
          return
        case 'not-deleted':
          err(`ferry: ${e.error.message}. Fix: ${e.error.fix}`)
          return
        case 'deletions-held':
          err(
            `ferry: ${plural(e.count, 'deletion')} not made: ${e.reason}. Fix: run the same sync again once the files are copied.`,
          )
          return
      }
    },

    summary(s: SyncSummary): void {
      if (json) {
        const { interrupted, ...counts } = s
        lines.write({ event: 'summary', ...counts, ...(interrupted ? { interrupted } : {}) })
        lines.flush()
        return
      }
      const moved = upload ? `${s.uploaded} uploaded` : `${s.downloaded} downloaded`
      out(
        `sync: ${moved} (${formatBytes(s.bytes)}), ${s.skipped} unchanged, ${s.deleted} deleted, ${s.failed} failed`,
      )
      if (s.interrupted) err('ferry: the sync was stopped. Fix: run the same command again to finish it.')
    },
  }
}
