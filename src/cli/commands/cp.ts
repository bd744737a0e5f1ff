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
import { runMoveCommand, type MoveRunInput } from '../move-run'
import { writeJson } from '../output'
import { customerKeyFrom, customerKeyOption } from '../protection-options'
import { toConnectionFrom, toConnectionOptions } from '../to-connection'
import { copySetOptions, copySetValues } from './mv'
import { moveSourceOf } from '../../shared/move-plan'

/** Headers, metadata and an SSE-C key apply to one object copied within a store, not to a set. */
const PER_OBJECT = [
  'meta',
  'content-type',
  'cache-control',
  'content-disposition',
  'storage-class',
  'sse-c-key',
]

/**
 * A prefix, another connection, or --if-exists: a journaled copy set (core/transfers/move-set.ts);
 * undefined for one object copied within the store, as before.
 */
function copySetOf(
  positionals: string[],
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  defaultBucket: string | undefined,
): MoveRunInput | undefined {
  const source = moveSourceOf(resolveLocation(positionals[0]!, defaultBucket))
  const connection = connectionFrom(values, env)
  const to = toConnectionFrom(values, env, connection)
  if (
    source.kind === 'object' &&
    !to &&
    values['if-exists'] === undefined &&
    values['transfers'] === undefined
  )
    return undefined
  if (values['version-id'] !== undefined)
    throw usageError(
      command,
      '--version-id copies one version of one object within a store: name the object, without --to-*, --if-exists or --transfers',
    )
  const given = PER_OBJECT.find((o) => values[o] !== undefined)
  if (given)
    throw usageError(
      command,
      `--${given} applies to one object copied within a store; leave it out to keep each object's own`,
    )
  return {
    op: 'copy',
    source,
    destination: resolveLocation(positionals[1]!, defaultBucket),
    ...copySetValues(command, values),
    connection,
    ...(to ? { toConnection: to } : {}),
  }
}
import { versionIdOption } from '../version-option'

export const command: CliCommand = {
  name: 'cp',
  summary: 'Copy an object inside the store, server-side, metadata and headers included',
  synopsis: [
    'ferry cp s3://BUCKET/KEY s3://BUCKET/KEY | s3://BUCKET/PREFIX/',
    'ferry cp s3://BUCKET/PREFIX/ s3://BUCKET/PREFIX/ [--to-endpoint URL] [--to-profile NAME]',
  ],
  description:
    'Copies an object to another key or bucket of the same store without downloading it: ' +
    'one request up to 5 GiB, parts copied in parallel above. A destination ending in "/" gets ' +
    "the source's name. The copy keeps the source's metadata and headers; --meta replaces the " +
    'metadata, and each header option replaces that header. Files on this computer are for ' +
    'ferry upload and ferry get. A source ending in "/" copies every key under it, journaled ' +
    '(the same command finishes a copy cut short). With --to-endpoint or --to-profile the ' +
    'destination is another store or account: each object streams through Ferry, ranges ' +
    'fetched and parts uploaded as they arrive, no temporary file, and is verified.',
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
    ...customerKeyOption,
    'if-exists': copySetOptions['if-exists'],
    transfers: copySetOptions.transfers,
    'multipart-threshold': copySetOptions['multipart-threshold'],
    'version-id': {
      ...versionIdOption,
      help: 'Copy this version of the source (ferry ls --versions lists them).',
    },
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
    ...toConnectionOptions,
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
    {
      command: 'ferry cp s3://my-bucket/site/ s3://backup/site/ --to-endpoint https://ceph.example.com',
      meaning: 'Copy a prefix to a bucket of another store, streamed through Ferry.',
    },
  ],
  async run(ctx) {
    const { positionals, values, stdout, env } = ctx
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
    const set = copySetOf(positionals, values, env, defaultBucket)
    if (set) return runMoveCommand(ctx, set)
    const source = resolveObject(positionals[0]!, defaultBucket)
    const destination = resolveLocation(positionals[1]!, defaultBucket)
    // Into a folder (or a bucket's root): the source's name, as cp does.
    if (destination.key === '' || destination.key.endsWith('/')) destination.key += keyBaseName(source.key)

    const options: CopyOptions = {}
    const customerKey = await customerKeyFrom(values)
    if (customerKey) options.customerKey = customerKey
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
