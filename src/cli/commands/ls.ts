import { listBuckets, listObjectsPage } from '../../main/core/objects/list'
import { createS3Client } from '../../main/s3/client-factory'
import { parseS3Url } from '../../shared/s3-url'
import { formatBytes } from '../../shared/sizes'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { writeJson } from '../output'

export const command: CliCommand = {
  name: 'ls',
  summary: 'List buckets, or the objects and folders under a prefix',
  usage: 'ferry ls [s3://BUCKET[/PREFIX/]] [--recursive] [--human] [--json]',
  options: {
    ...connectionOptions,
    recursive: { type: 'boolean', short: 'r' },
    human: { type: 'boolean' },
    json: { type: 'boolean' },
  },
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
      if (values['human'] && !values['json']) stdout.write(`${objects} objects, ${formatBytes(bytes)}\n`)
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
