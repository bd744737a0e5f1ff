import { headObject } from '../../main/s3/head'
import { resolveObject } from '../../main/core/objects/location'
import { presignGet, validatePresignExpiry } from '../../main/core/objects/presign'
import { createS3Client } from '../../main/s3/client-factory'
import { parseDuration } from '../../shared/sizes'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { bucketOption, jsonOption } from '../common-options'
import { connectionFrom, connectionOptions } from '../connection-options'

export const command: CliCommand = {
  name: 'presign',
  summary: 'Print a link that downloads an object without credentials (at most 7 days)',
  synopsis: ['ferry presign s3://BUCKET/KEY'],
  description:
    'Prints a presigned URL: anyone who has it can download the object until it expires, ' +
    'without credentials. Ferry checks first that the object exists, and warns when the ' +
    'credentials that sign the link (session credentials) expire before the link would.',
  options: {
    expires: {
      type: 'string',
      value: 'DURATION',
      help: 'How long the link works: 90s, 15m, 24h or 7d; at most 7 days.',
      byDefault: '1h',
    },
    'download-name': {
      type: 'string',
      value: 'NAME',
      help: 'The file name a browser saves the download under.',
      byDefault: "the object's Content-Disposition, else the key's last part",
    },
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry presign s3://my-bucket/report.pdf --expires 7d',
      meaning: 'A link that works for a week.',
    },
  ],
  async run({ positionals, values, stdout, stderr, env }) {
    if (positionals.length !== 1) throw usageError(command, 'presign takes one object')
    const { bucket, key } = resolveObject(
      positionals[0]!,
      (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET'],
    )
    const expiresInSeconds = parseDuration((values['expires'] as string | undefined) ?? '1h', '--expires')
    validatePresignExpiry(expiresInSeconds)
    const client = createS3Client(connectionFrom(values, env))
    try {
      // A link to nothing is a silent failure for whoever receives it: check first.
      await headObject(client, bucket, key)
      const downloadName = values['download-name'] as string | undefined
      const link = await presignGet(client, bucket, key, {
        expiresInSeconds,
        ...(downloadName ? { downloadName } : {}),
      })
      if (link.warning) stderr.write(`ferry: warning: ${link.warning}\n`)
      // The link is the product: it is printed whole, not through the redacting writeJson (a
      // link signed with session credentials carries the session token by design).
      if (values['json']) stdout.write(JSON.stringify({ bucket, key, ...link }) + '\n')
      else stdout.write(`${link.url}\n`)
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
