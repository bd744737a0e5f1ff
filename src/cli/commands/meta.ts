import { headObject } from '../../main/s3/head'
import { resolveObject } from '../../main/core/objects/location'
import { parseMetadataPairs } from '../../main/core/objects/metadata-pairs'
import { updateMetadata, type MetadataUpdate } from '../../main/core/objects/update-metadata'
import { createS3Client } from '../../main/s3/client-factory'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { writeJson } from '../output'
import { describeObject } from './head'

export const command: CliCommand = {
  name: 'meta',
  summary: "Show or change an object's metadata in place (other headers and metadata are kept)",
  usage:
    'ferry meta s3://BUCKET/KEY [--set KEY=VALUE]... [--unset KEY]... [--content-type T] [--cache-control V] [--content-disposition V] [--storage-class C] [--if-match ETAG] [--json]',
  options: {
    ...connectionOptions,
    bucket: { type: 'string' },
    set: { type: 'string', multiple: true },
    unset: { type: 'string', multiple: true },
    'content-type': { type: 'string' },
    'cache-control': { type: 'string' },
    'content-disposition': { type: 'string' },
    'storage-class': { type: 'string' },
    'if-match': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ positionals, values, stdout, env }) {
    if (positionals.length !== 1) throw usageError(command, 'meta takes one object')
    const { bucket, key } = resolveObject(
      positionals[0]!,
      (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET'],
    )
    const update: MetadataUpdate = {}
    const set = (values['set'] as string[] | undefined) ?? []
    if (set.length > 0) update.set = parseMetadataPairs(set, '--set')
    const unset = (values['unset'] as string[] | undefined) ?? []
    if (unset.length > 0) update.unset = unset
    const header = (flag: string) => values[flag] as string | undefined
    if (header('content-type') !== undefined) update.contentType = header('content-type')!
    if (header('cache-control') !== undefined) update.cacheControl = header('cache-control')!
    if (header('content-disposition') !== undefined)
      update.contentDisposition = header('content-disposition')!
    if (header('storage-class') !== undefined) update.storageClass = header('storage-class')!
    const changes = Object.keys(update).length > 0
    if (header('if-match') !== undefined) {
      if (!changes)
        throw usageError(command, '--if-match guards a change; give --set, --unset or a header to change')
      update.ifMatch = header('if-match')!
    }

    const client = createS3Client(connectionFrom(values, env))
    try {
      const head = changes
        ? await updateMetadata(client, bucket, key, update)
        : await headObject(client, bucket, key)
      if (values['json']) writeJson(stdout, head, env)
      else stdout.write(describeObject(head, { system: false }))
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
