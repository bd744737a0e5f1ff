import { plural } from '../../shared/plural'
import { listBuckets, listObjectsPage } from '../../main/core/objects/list'
import { createS3Client } from '../../main/s3/client-factory'
import { parseS3Url } from '../../shared/s3-url'
import { formatBytes } from '../../shared/sizes'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { jsonOption } from '../common-options'
import { writeJson } from '../output'
import { printVersions } from '../version-listing'

export const command: CliCommand = {
  name: 'ls',
  summary: 'List buckets, or the objects and folders under a prefix',
  synopsis: ['ferry ls [s3://BUCKET[/PREFIX/]]'],
  description:
    'Without a location, lists the buckets the credentials can see, with their creation dates. ' +
    'With one, lists what is directly under the prefix: objects with their last-modified time ' +
    '(UTC) and size in bytes, and folders (common prefixes) as PRE lines. A prefix without a ' +
    'trailing "/" matches key names that begin with it, as S3 does.',
  options: {
    recursive: {
      type: 'boolean',
      short: 'r',
      help: 'List every object under the prefix, at any depth, instead of folders.',
    },
    human: { type: 'boolean', help: 'Show sizes as KiB, MiB, GiB, and a total line at the end.' },
    versions: {
      type: 'boolean',
      help: 'List every version and delete marker under the prefix, at any depth, with its version id, ETag and whether it is the latest.',
    },
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry ls', meaning: 'List the buckets.' },
    {
      command: 'ferry ls s3://my-bucket/photos/ --recursive --human',
      meaning: 'List every object under photos/ with readable sizes and a total.',
    },
    {
      command: 'ferry ls --versions s3://my-bucket/report.pdf',
      meaning: 'List the versions and delete markers of report.pdf (and keys that begin with it).',
    },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length > 1) throw usageError(command, 'ls takes at most one location')
    const size = (n: number) => (values['human'] ? formatBytes(n) : String(n)).padStart(12)
    const client = createS3Client(connectionFrom(values, env))
    try {
      if (positionals.length === 0) {
        for (const b of await listBuckets(client)) {
          if (values['json']) writeJson(stdout, b, env)
          else stdout.write(`${b.created?.slice(0, 19).replace('T', ' ') ?? ''.padEnd(19)}  ${b.name}\n`)
        }
        return EXIT_OK
      }
      const { bucket, key: prefix } = parseS3Url(positionals[0]!)
      if (values['versions'])
        return (
          await printVersions(client, bucket, prefix, {
            json: values['json'] === true,
            human: values['human'] === true,
            stdout,
            env,
          }),
          EXIT_OK
        )
      let token: string | undefined
      let objects = 0
      let bytes = 0
      do {
        const page = await listObjectsPage(client, {
          bucket,
          prefix,
          continuationToken: token,
          // Without a delimiter every key under the prefix is listed, folders included.
          ...(values['recursive'] ? { delimiter: '' } : {}),
        })
        for (const e of page.entries) {
          if (values['json']) writeJson(stdout, e, env)
          else if (e.kind === 'prefix') stdout.write(`${''.padEnd(19)}  ${'PRE'.padStart(12)}  ${e.prefix}\n`)
          else {
            objects++
            bytes += e.size
            stdout.write(`${e.lastModified.slice(0, 19).replace('T', ' ')}  ${size(e.size)}  ${e.key}\n`)
          }
        }
        token = page.nextToken
      } while (token)
      if (values['human'] && !values['json'])
        stdout.write(`${plural(objects, 'object')}, ${formatBytes(bytes)}\n`)
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
