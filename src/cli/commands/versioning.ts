import { getVersioning, setVersioning } from '../../main/core/versions/versioning'
import { createS3Client } from '../../main/s3/client-factory'
import { parseS3Url } from '../../shared/s3-url'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { jsonOption } from '../common-options'
import { writeJson } from '../output'

const ACTIONS = ['on', 'off', 'status'] as const

export const command: CliCommand = {
  name: 'versioning',
  summary: "Show a bucket's versioning, or turn it on or off",
  synopsis: ['ferry versioning s3://BUCKET [on | off | status]'],
  description:
    'With "on", every overwrite or delete keeps the earlier version (ferry ls --versions lists ' +
    'them; --version-id reads, copies or deletes one). With "off" (S3 calls it Suspended), new ' +
    'writes replace the latest version, and the versions already kept stay until deleted: S3 ' +
    'cannot make a bucket unversioned again. Without an action, or with "status", prints ' +
    'enabled, suspended or unversioned.',
  options: { json: jsonOption, ...connectionOptions },
  examples: [
    { command: 'ferry versioning s3://my-bucket on', meaning: 'Keep every version from now on.' },
    { command: 'ferry versioning s3://my-bucket', meaning: 'Print enabled, suspended or unversioned.' },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length < 1 || positionals.length > 2)
      throw usageError(command, 'versioning takes a bucket and on, off or status')
    const { bucket, key } = parseS3Url(positionals[0]!)
    if (key !== '') throw usageError(command, `versioning is set per bucket; drop "/${key}"`)
    const action = positionals[1] ?? 'status'
    if (!(ACTIONS as readonly string[]).includes(action))
      throw usageError(command, `"${action}" is not on, off or status`)
    const client = createS3Client(connectionFrom(values, env))
    try {
      const status =
        action === 'status'
          ? await getVersioning(client, bucket)
          : await setVersioning(client, bucket, action === 'on')
      if (values['json']) writeJson(stdout, { bucket, versioning: status }, env)
      else stdout.write(`s3://${bucket}: versioning ${status}\n`)
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
