import { plural } from '../../shared/plural'
import { olderThan } from '../../main/core/objects/older-than'
import {
  abortIncompleteUploads,
  listIncompleteUploads,
  type IncompleteUpload,
} from '../../main/core/objects/incomplete-uploads'
import { resolveLocation } from '../../main/core/objects/location'
import { createS3Client } from '../../main/s3/client-factory'
import { formatBytes, parseDuration } from '../../shared/sizes'
import { EXIT_FAILED, EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { jsonOption } from '../common-options'
import { writeJson } from '../output'

const row = (u: IncompleteUpload) =>
  `${u.initiated.slice(0, 19).replace('T', ' ').padEnd(19)}  ${String(u.parts).padStart(5)}  ${formatBytes(u.bytes).padStart(9)}  ${u.key}  ${u.uploadId}\n`

export const command: CliCommand = {
  name: 'uploads',
  summary: 'List or abort incomplete multipart uploads (their parts cost storage)',
  synopsis: ['ferry uploads s3://BUCKET[/PREFIX]'],
  description:
    'Lists the multipart uploads that were started in the bucket and never completed or aborted, ' +
    'by any tool: their parts are stored, and billed, but belong to no object. With --abort, ' +
    'aborts them, which deletes their parts. An upload Ferry may still resume is among them: ' +
    'use --older-than to spare recent ones.',
  options: {
    abort: { type: 'boolean', help: 'Abort the uploads listed, deleting their parts.' },
    'older-than': {
      type: 'string',
      value: 'DURATION',
      help: 'Only uploads started longer ago than this: 90s, 15m, 24h or 7d.',
      byDefault: 'all',
    },
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry uploads s3://my-bucket',
      meaning: 'List the incomplete uploads and the bytes they hold.',
    },
    {
      command: 'ferry uploads s3://my-bucket --abort --older-than 24h',
      meaning: 'Abort those started more than a day ago.',
    },
  ],
  async run({ positionals, values, stdout, stderr, env }) {
    if (positionals.length !== 1) throw usageError(command, 'uploads takes one bucket')
    const { bucket, key: prefix } = resolveLocation(positionals[0]!)
    const olderThanText = values['older-than'] as string | undefined
    const age = olderThanText !== undefined ? parseDuration(olderThanText, '--older-than') : 0
    const json = values['json'] === true
    const client = createS3Client(connectionFrom(values, env))
    try {
      const all = await listIncompleteUploads(client, bucket, { prefix })
      const chosen = olderThan(all, age, new Date())
      if (!values['abort']) {
        if (json) for (const u of chosen) writeJson(stdout, { bucket, ...u }, env)
        else if (chosen.length > 0) {
          stdout.write(`${'INITIATED'.padEnd(19)}  PARTS       SIZE  KEY  UPLOAD-ID\n`)
          for (const u of chosen) stdout.write(row(u))
        }
        const bytes = chosen.reduce((n, u) => n + u.bytes, 0)
        if (!json)
          stdout.write(
            `${chosen.length} incomplete uploads in s3://${bucket}/${prefix}, ${formatBytes(bytes)} stored\n`,
          )
        return EXIT_OK
      }
      const outcome = await abortIncompleteUploads(client, bucket, chosen)
      for (const u of outcome.aborted) {
        if (json) writeJson(stdout, { event: 'aborted', bucket, ...u }, env)
        else
          stdout.write(
            `aborted s3://${bucket}/${u.key} (upload ${u.uploadId}, ${plural(u.parts, 'part')}, ${formatBytes(u.bytes)})\n`,
          )
      }
      for (const f of outcome.failed) {
        if (json) writeJson(stdout, { event: 'failed', bucket, ...f.upload, error: f.error }, env)
        stderr.write(
          `ferry: could not abort the upload of s3://${bucket}/${f.upload.key}: ${f.error.message}. Fix: ${f.error.fix}\n`,
        )
      }
      const kept = all.length - chosen.length
      if (!json)
        stdout.write(
          `aborted ${plural(outcome.aborted.length, 'upload')}${kept > 0 ? `; ${kept} newer than ${olderThanText} kept` : ''}\n`,
        )
      return outcome.failed.length > 0 ? EXIT_FAILED : EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
