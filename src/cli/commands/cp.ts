import { copyObject, DEFAULT_COPY_PART_SIZE, type CopyOptions } from '../../main/core/objects/copy'
import { keyBaseName, resolveLocation, resolveObject } from '../../main/core/objects/location'
import { parseMetadataPairs } from '../../main/core/objects/metadata-pairs'
import { createS3Client } from '../../main/s3/client-factory'
import { isS3Url } from '../../shared/s3-url'
import { DEFAULT_CONCURRENCY } from '../../shared/s3-limits'
import { formatBytes, parseSize } from '../../shared/sizes'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import {
  bucketOption,
  cacheControlOption,
  contentDispositionOption,
  contentTypeOption,
  jsonOption,
  sizeText,
  storageClassOption,
} from '../common-options'
import { writeJson } from '../output'
import { versionIdOption } from '../version-option'

export const command: CliCommand = {
  name: 'cp',
  summary: 'Copy an object inside the store, server-side, metadata and headers included',
  synopsis: ['ferry cp s3://BUCKET/KEY s3://BUCKET/KEY | s3://BUCKET/PREFIX/'],
  description:
    'Copies an object to another key or bucket of the same store without downloading it: ' +
    'one request up to 5 GiB, parts copied in parallel above. A destination ending in "/" gets ' +
    "the source's name. The copy keeps the source's metadata and headers; --meta replaces the " +
    'metadata, and each header option replaces that header. Files on this computer are for ' +
    'ferry upload and ferry get.',
  options: {
    meta: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      help: "User metadata for the copy (x-amz-meta-KEY), in place of the source's.",
      byDefault: "the source's metadata",
    },
    'content-type': { ...contentTypeOption, byDefault: "the source's" },
    'cache-control': { ...cacheControlOption, byDefault: "the source's" },
    'content-disposition': { ...contentDispositionOption, byDefault: "the source's" },
    'storage-class': { ...storageClassOption, byDefault: "the source's" },
    'part-size': {
      type: 'string',
      value: 'SIZE',
      help: 'The size of each part copied, for objects over 5 GiB.',
      byDefault: sizeText(DEFAULT_COPY_PART_SIZE),
    },
    concurrency: {
      type: 'string',
      value: 'N',
      help: 'How many parts are copied at once.',
      byDefault: String(DEFAULT_CONCURRENCY),
    },
    'version-id': {
      ...versionIdOption,
      help: 'Copy this version of the source (ferry ls --versions lists them).',
    },
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry cp s3://my-bucket/report.pdf s3://archive-bucket/2024/',
      meaning: 'Copy to s3://archive-bucket/2024/report.pdf, metadata and headers included.',
    },
    {
      command: 'ferry cp s3://my-bucket/a.json s3://my-bucket/a.json --version-id 3HL4kqtJlcpXroDTDmJ',
      meaning: 'Restore an earlier version: copy it over the latest, with its own metadata.',
    },
    {
      command: 'ferry cp s3://my-bucket/a.json s3://my-bucket/b.json --meta owner=ops',
      meaning: 'Copy under a new key with new metadata.',
    },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length !== 2) throw usageError(command, 'cp takes a source and a destination')
    const defaultBucket = (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET']
    for (const p of positionals) {
      if (!isS3Url(p) && !defaultBucket && /^[./~]|^[A-Za-z]:\\/.test(p)) {
        throw usageError(
          command,
          `"${p}" looks like a local path; cp copies inside the store (use ferry upload or ferry get for files)`,
        )
      }
    }
    const source = resolveObject(positionals[0]!, defaultBucket)
    const destination = resolveLocation(positionals[1]!, defaultBucket)
    // Into a folder (or a bucket's root): the source's name, as cp does.
    if (destination.key === '' || destination.key.endsWith('/')) destination.key += keyBaseName(source.key)

    const options: CopyOptions = {}
    if (values['version-id'] !== undefined) options.sourceVersionId = values['version-id'] as string
    const meta = (values['meta'] as string[] | undefined) ?? []
    if (meta.length > 0) options.metadata = parseMetadataPairs(meta, '--meta')
    const headers: NonNullable<CopyOptions['headers']> = {}
    if (values['content-type'] !== undefined) headers.contentType = values['content-type'] as string
    if (values['cache-control'] !== undefined) headers.cacheControl = values['cache-control'] as string
    if (values['content-disposition'] !== undefined)
      headers.contentDisposition = values['content-disposition'] as string
    if (values['storage-class'] !== undefined) headers.storageClass = values['storage-class'] as string
    if (Object.keys(headers).length > 0) options.headers = headers
    if (values['part-size'] !== undefined)
      options.partSize = parseSize(values['part-size'] as string, '--part-size')
    const concurrency = values['concurrency'] as string | undefined
    if (concurrency !== undefined) {
      if (!/^\d+$/.test(concurrency))
        throw usageError(command, `--concurrency "${concurrency}" is not a whole number`)
      options.concurrency = Number(concurrency)
    }

    const client = createS3Client(connectionFrom(values, env))
    try {
      const outcome = await copyObject(client, source, destination, options)
      if (values['json']) writeJson(stdout, outcome, env)
      else {
        const how = outcome.method === 'multipart-copy' ? `, ${outcome.parts} parts` : ''
        stdout.write(
          `copied s3://${source.bucket}/${source.key} to s3://${destination.bucket}/${destination.key} (${formatBytes(outcome.size)}${how})\n`,
        )
      }
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
