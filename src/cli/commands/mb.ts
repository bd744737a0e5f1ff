import { createBucket } from '../../main/core/buckets/bucket-create'
import { createS3Client } from '../../main/s3/client-factory'
import { parseS3Url } from '../../shared/s3-url'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { jsonOption } from '../common-options'
import { writeJson } from '../output'

export const command: CliCommand = {
  name: 'mb',
  summary: 'Create a bucket',
  synopsis: ['ferry mb s3://BUCKET'],
  description:
    "Creates a bucket in the connection's region (--region picks another). The name is checked " +
    "against S3's rules before anything is sent (3-63 lowercase letters, digits, dots and " +
    'hyphens, no IP address shape, no reserved prefix or suffix), and a refusal names the rule. ' +
    'A name that is taken, by this account or another, is an error.',
  options: { json: jsonOption, ...connectionOptions },
  examples: [
    { command: 'ferry mb s3://my-new-bucket', meaning: "Create a bucket in the connection's region." },
    { command: 'ferry mb s3://eu-logs --region eu-west-1', meaning: 'Create it in eu-west-1.' },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length !== 1) throw usageError(command, 'mb takes one bucket, s3://BUCKET')
    const { bucket, key } = parseS3Url(positionals[0]!)
    if (key !== '') throw usageError(command, `mb creates a bucket; "${positionals[0]}" names a key in it`)
    const client = createS3Client(connectionFrom(values, env))
    try {
      const made = await createBucket(client, bucket)
      if (values['json']) writeJson(stdout, { event: 'created', ...made }, env)
      else stdout.write(`created bucket s3://${made.bucket} in ${made.region}\n`)
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
