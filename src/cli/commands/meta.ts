import { headObject } from '../../main/s3/head'
import { resolveObject } from '../../main/core/objects/location'
import { parseMetadataPairs } from '../../main/core/objects/metadata-pairs'
import { updateMetadata, type MetadataUpdate } from '../../main/core/objects/update-metadata'
import { createS3Client } from '../../main/s3/client-factory'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import {
  bucketOption,
  cacheControlOption,
  contentDispositionOption,
  contentTypeOption,
  jsonOption,
  storageClassOption,
} from '../common-options'
import { writeJson } from '../output'
import { setTags } from '../../main/core/objects/copy-protection'
import { parseTagging } from '../../shared/encryption'
import { customerKeyFrom, customerKeyOption } from '../protection-options'
import { describeObject } from './head'

export const command: CliCommand = {
  name: 'meta',
  summary: "Show or change an object's metadata and headers in place",
  synopsis: ['ferry meta s3://BUCKET/KEY'],
  description:
    "Without changes, prints the object's headers and user metadata. With --set, --unset or a " +
    'header option, rewrites them in place with a server-side copy: every header and metadata ' +
    'key not named is carried over, and the copy is guarded by the ETag Ferry read, so a change ' +
    'made meanwhile by someone else is not overwritten. Non-ASCII values are encoded as S3 ' +
    'documents (RFC 2047) and decoded when shown.',
  options: {
    set: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      help: 'Add or change the user metadata key KEY (x-amz-meta-KEY).',
    },
    unset: { type: 'string', multiple: true, value: 'KEY', help: 'Remove the user metadata key KEY.' },
    'content-type': { ...contentTypeOption, byDefault: 'kept' },
    'cache-control': { ...cacheControlOption, byDefault: 'kept' },
    'content-disposition': { ...contentDispositionOption, byDefault: 'kept' },
    'storage-class': { ...storageClassOption, byDefault: 'kept' },
    'if-match': {
      type: 'string',
      value: 'ETAG',
      help: 'Change the object only if its ETag is still ETAG (the one you saw).',
      byDefault: 'the ETag Ferry reads just before the change',
    },
    tagging: {
      type: 'string',
      value: 'K=V&K2=V2',
      help: 'Replace the object\'s tags (URL-encoded, "" removes them all); the object itself is not rewritten.',
      byDefault: 'kept',
    },
    ...customerKeyOption,
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry meta s3://my-bucket/report.pdf --set owner=ops --unset draft',
      meaning: 'Set x-amz-meta-owner and remove x-amz-meta-draft; all else is kept.',
    },
    {
      command: 'ferry meta s3://my-bucket/site/index.html --cache-control "max-age=60"',
      meaning: 'Change one header of a published page.',
    },
  ],
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
    const tagging = header('tagging')
    const tags = tagging !== undefined ? parseTagging(tagging) : undefined
    const customerKey = await customerKeyFrom(values)
    const changes = Object.keys(update).length > 0
    if (header('if-match') !== undefined) {
      if (!changes)
        throw usageError(command, '--if-match guards a change; give --set, --unset or a header to change')
      update.ifMatch = header('if-match')!
    }

    const client = createS3Client(connectionFrom(values, env))
    try {
      if (tags) await setTags(client, { bucket, key }, tags)
      const head = changes
        ? await updateMetadata(client, bucket, key, update, { customerKey })
        : await headObject(client, bucket, key, { customerKey })
      if (values['json']) writeJson(stdout, head, env)
      else stdout.write(describeObject(head, { system: false }))
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
