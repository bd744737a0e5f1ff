import { journalDirOf, stateDirFrom } from '../../main/core/transfers/state-dir'
import { clearFinishedSets, readSets } from '../../main/journal/download-set-journal'
import { setSummaryWithRanges } from '../../main/journal/download-set-summary'
import { clearFinishedMoves, readMoves } from '../../main/journal/move-journal'
import { moveSummary } from '../../main/journal/move-summary'
import type { TransferSummary } from '../../shared/domain/transfer'
import { formatBytes } from '../../shared/sizes'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { jsonOption } from '../common-options'
import { writeJson } from '../output'
import { openManager } from '../open-manager'

function progressOf(s: TransferSummary): string {
  if (s.size > 0) return `${Math.floor((s.bytesDone / s.size) * 100)}%`
  // A move or copy set cut short knows what it did, not its total.
  return s.state === 'done' ? '100%' : s.bytesDone > 0 ? '-' : '0%'
}

function row(s: TransferSummary): string[] {
  const where = s.bucket ? `s3://${s.bucket}/${s.key}` : ''
  const detail = s.error
    ? `${s.error.message}`
    : s.verification
      ? s.verification.verified
        ? `verified (${s.verification.method})`
        : `NOT verified (${s.verification.method}): ${s.verification.reason}`
      : ''
  return [
    s.id,
    s.state,
    progressOf(s),
    formatBytes(s.size || s.bytesDone),
    s.updatedAt.slice(0, 19).replace('T', ' '),
    where,
    s.source,
    detail,
  ]
}

export const command: CliCommand = {
  name: 'transfers',
  summary: 'List journaled transfers (this computer, CLI and app) and their state',
  synopsis: ['ferry transfers'],
  description:
    'Lists the transfers journaled in the state folder, started by the CLI or the app: ID, ' +
    'state, progress, size, last update (UTC), destination, source, and the error or how the ' +
    'object was verified. The IDs are what ferry resume and ferry cancel take. Nothing is sent to the store.',
  options: {
    clear: {
      type: 'boolean',
      help: 'Forget the finished transfers (done or cancelled); failed and paused ones are kept for ferry resume.',
    },
    json: jsonOption,
  },
  examples: [
    { command: 'ferry transfers', meaning: 'See what is running, paused or failed.' },
    { command: 'ferry transfers --clear', meaning: 'Forget the finished ones.' },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length > 0) throw usageError(command, 'transfers takes no arguments')
    const manager = openManager(env)
    try {
      if (values['clear']) {
        // Only finished transfers: a failed or paused one still holds what a resume needs.
        const removed = [
          ...(await manager.clearFinished()),
          ...(await clearFinishedSets(journalDirOf(stateDirFrom(env)))),
          ...(await clearFinishedMoves(journalDirOf(stateDirFrom(env)))),
        ]
        if (values['json']) writeJson(stdout, { cleared: removed }, env)
        else stdout.write(`Cleared ${removed.length} finished transfer${removed.length === 1 ? '' : 's'}.\n`)
        return EXIT_OK
      }
      const sets = await readSets(journalDirOf(stateDirFrom(env)))
      const moves = await readMoves(journalDirOf(stateDirFrom(env)))
      const all = [
        ...(await manager.list()),
        ...(await Promise.all(sets.map(setSummaryWithRanges))),
        ...moves.map(moveSummary),
      ].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      if (values['json']) {
        for (const s of all) writeJson(stdout, s, env)
        return EXIT_OK
      }
      if (all.length === 0) {
        stdout.write(`No transfers journaled in ${journalDirOf(stateDirFrom(env))}.\n`)
        return EXIT_OK
      }
      const rows = [
        ['ID', 'STATE', 'DONE', 'SIZE', 'UPDATED (UTC)', 'DESTINATION', 'SOURCE', 'DETAIL'],
        ...all.map(row),
      ]
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
      for (const r of rows)
        stdout.write(
          r
            .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
            .join('  ')
            .trimEnd() + '\n',
        )
      return EXIT_OK
    } finally {
      await manager.close()
    }
  },
}
