import { plural } from '../../shared/plural'
import { deleteBucket } from '../../main/core/buckets/bucket-delete'
import { createS3Client } from '../../main/s3/client-factory'
import { parseS3Url } from '../../shared/s3-url'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { jsonOption } from '../common-options'
import { writeJson } from '../output'

export const command: CliCommand = {
  name: 'rb',
  summary: 'Delete a bucket (refused while it holds anything, unless --force empties it)',
  synopsis: ['ferry rb s3://BUCKET'],
  description:
    'Deletes an empty bucket. A bucket that still holds objects, earlier versions, delete ' +
    'markers or open multipart uploads is refused, and the error says how many. With --force ' +
    'Ferry first deletes every object version and delete marker and aborts every open ' +
    'multipart upload, then deletes the bucket: nothing in it can be recovered afterwards.',
  options: {
    force: {
      type: 'boolean',
      help: 'Empty the bucket first: every version and delete marker, and every open multipart upload.',
    },
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry rb s3://old-bucket', meaning: 'Delete the bucket if it is empty.' },
    {
      command: 'ferry rb s3://old-bucket --force',
      meaning: 'Delete everything in it, every version included, then the bucket.',
    },
  ],
  async run({ positionals, values, stdout, stderr, env }) {
    if (positionals.length !== 1) throw usageError(command, 'rb takes one bucket, s3://BUCKET')
    const { bucket, key } = parseS3Url(positionals[0]!)
    if (key !== '') throw usageError(command, `rb deletes a bucket; to delete "${key}" in it use ferry rm`)
    const json = values['json'] === true
    const tty = (stderr as { isTTY?: boolean }).isTTY === true && !json
    const client = createS3Client(connectionFrom(values, env))
    try {
      const outcome = await deleteBucket(client, bucket, {
        empty: values['force'] === true,
        onProgress: (p) => {
          if (tty)
            stderr.write(
              `\rdeleted ${plural(p.versionsDeleted, 'version')}, aborted ${plural(p.uploadsAborted, 'upload')}  `,
            )
        },
      })
      if (tty) stderr.write('\r\x1b[K')
      if (json) writeJson(stdout, { event: 'deleted', ...outcome }, env)
      else {
        const emptied =
          outcome.versionsDeleted + outcome.uploadsAborted > 0
            ? ` (after deleting ${plural(outcome.versionsDeleted, 'object')} and versions and aborting ${plural(outcome.uploadsAborted, 'multipart upload')})`
            : ''
        stdout.write(`deleted bucket s3://${bucket}${emptied}\n`)
      }
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
