import { headObject, type ObjectHead } from '../../main/s3/head'
import { resolveObject } from '../../main/core/objects/location'
import { createS3Client } from '../../main/s3/client-factory'
import { formatBytes } from '../../shared/sizes'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { bucketOption, jsonOption } from '../common-options'
import { writeJson } from '../output'
import { customerKeyFrom, customerKeyOption } from '../protection-options'
import { describeArchiveState } from '../../shared/archive'
import { versionIdOption } from '../version-option'

/** Values come from the store: a control character could rewrite the terminal. */
const printable = (value: string) => [...value].map((c) => (c < ' ' || c === '\x7f' ? '?' : c)).join('')

/** The object as "name: value" lines; user metadata decoded, as x-amz-meta-NAME. */
export function describeObject(head: ObjectHead, options: { system: boolean }): string {
  const rows: [string, string | undefined][] = options.system
    ? [
        ['size', `${head.size} (${formatBytes(head.size)})`],
        ['etag', head.etag],
        ['last-modified', head.lastModified],
        ['storage-class', head.storageClass],
        ['server-side-encryption', head.serverSideEncryption],
        ['sse-kms-key-id', head.sseKmsKeyId],
        ['sse-customer-algorithm', head.sseCustomerAlgorithm],
        ['sse-customer-key-md5', head.sseCustomerKeyMd5],
        ['tag-count', head.tagCount !== undefined ? String(head.tagCount) : undefined],
        ['version-id', head.versionId],
        ['archive', head.archive ? describeArchiveState(head.archive) : undefined],
      ]
    : []
  rows.push(
    ['content-type', head.contentType],
    ['cache-control', head.cacheControl],
    ['content-disposition', head.contentDisposition],
    ['content-encoding', head.contentEncoding],
    ['content-language', head.contentLanguage],
    ['expires', head.expires?.toUTCString()],
  )
  for (const [name, value] of Object.entries(head.metadata).sort(([a], [b]) => a.localeCompare(b)))
    rows.push([`x-amz-meta-${name}`, value])
  return rows
    .filter((r): r is [string, string] => r[1] !== undefined)
    .map(([name, value]) => `${name}: ${printable(value)}\n`)
    .join('')
}

export const command: CliCommand = {
  name: 'head',
  summary: "Show an object's size, ETag, headers and metadata",
  synopsis: ['ferry head s3://BUCKET/KEY'],
  description:
    "Prints one object's size, ETag, last-modified time, storage class, encryption, version id, " +
    'whether it is archived (and how its restore stands), headers ' +
    '(Content-Type, Cache-Control, Content-Disposition...) and user metadata as x-amz-meta-NAME ' +
    'lines, decoded. Nothing is downloaded.',
  options: {
    'version-id': versionIdOption,
    json: jsonOption,
    bucket: bucketOption,
    ...customerKeyOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry head s3://my-bucket/report.pdf', meaning: "Show the object's headers and metadata." },
    {
      command: 'FERRY_BUCKET=my-bucket ferry head report.pdf --json',
      meaning: 'The same as JSON, naming the object by its key in the default bucket.',
    },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length !== 1) throw usageError(command, 'head takes one object')
    const { bucket, key } = resolveObject(
      positionals[0]!,
      (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET'],
    )
    const customerKey = await customerKeyFrom(values)
    const client = createS3Client(connectionFrom(values, env))
    try {
      const versionId = values['version-id'] as string | undefined
      const head = await headObject(client, bucket, key, { customerKey, versionId })
      if (values['json']) writeJson(stdout, head, env)
      else stdout.write(`s3://${bucket}/${key}\n${describeObject(head, { system: true })}`)
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
