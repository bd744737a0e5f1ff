import type { StreamInput } from '../../main/core/transfers/stream-transfers'
import { ifExistsSchema, type UploadHeaders } from '../../shared/domain/transfer'
import { parseS3Url } from '../../shared/s3-url'
import { parseSize } from '../../shared/sizes'
import { usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import {
  cacheControlOption,
  contentTypeOption,
  ifExistsOption,
  jsonOption,
  storageClassOption,
} from '../common-options'
import { protectionFrom, protectionOptions } from '../protection-options'
import { followTransfers, parseMeta } from './upload'
import { openManager } from '../open-manager'
import { concurrencyOption, parseConcurrency, partSizeOption } from '../transfer-options'

/** "-": standard input, read once front to back as a file:// source of unknown size. */
function stdinUrl(key: string): string {
  if (process.platform === 'win32')
    throw usageError(
      command,
      'reading standard input ("-") needs /dev/stdin, which Windows lacks; save it to a file first',
    )
  if (key === '' || key.endsWith('/'))
    throw usageError(
      command,
      'standard input has no name: give the whole key, e.g. s3://BUCKET/backups/db.sql.gz',
    )
  return 'file:///dev/stdin'
}

export const command: CliCommand = {
  name: 'stream',
  summary: 'Upload from an http, https, ftp or file URL, without a copy on disk',
  synopsis: ['ferry stream URL s3://BUCKET/KEY', 'ferry stream - s3://BUCKET/KEY'],
  description:
    'Reads an http://, https://, ftp:// or file:// URL and uploads it to the key without a copy ' +
    'on disk; a KEY ending in "/" gets the name in the URL. Where the source serves byte ranges ' +
    'and says its size, parts are fetched in parallel; otherwise it is read front to back. Each ' +
    'part is checked on arrival, the object is compared with what was read, and with the ' +
    'digest the source offers or --source-md5 gives. An interrupted stream resumes with ferry ' +
    'resume, fetching only the parts the store lacks, and starts over if the source changed. ' +
    '"-" reads standard input (a pipe is read once, so it cannot be resumed).',
  options: {
    'part-size': partSizeOption,
    concurrency: concurrencyOption,
    meta: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      help: 'User metadata, stored as x-amz-meta-KEY.',
    },
    'content-type': { ...contentTypeOption, byDefault: "guessed from the key's extension" },
    'cache-control': cacheControlOption,
    'storage-class': storageClassOption,
    ...protectionOptions,
    'if-exists': ifExistsOption,
    'source-md5': {
      type: 'string',
      value: 'HEX|URL',
      help: "The source's MD5, as 32 hex digits or the URL of an .md5 file; the bytes read must match it.",
      byDefault: 'the digest the source sends (Content-MD5, Digest, Repr-Digest), if any',
    },
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry stream https://example.com/data/set.tar s3://my-bucket/data/',
      meaning: 'Upload it as data/set.tar, read straight from the web server.',
    },
    {
      command: 'ferry stream - s3://my-bucket/backups/mydb.sql.gz',
      meaning:
        'Upload standard input, e.g. after pg_dump mydb | gzip |, in parts as it arrives, with no file on disk.',
    },
    {
      command: 'ferry stream ftp://example.org/a.iso s3://my-bucket/ --source-md5 https://example.org/a.md5',
      meaning: 'Stream over FTP to a.iso and check the bytes read against the MD5 published beside it.',
    },
  ],
  async run(ctx) {
    const { positionals, values, env } = ctx
    if (positionals.length !== 2) throw usageError(command, 'stream needs one URL and one s3:// destination')
    const [given, destination] = positionals as [string, string]
    if (given.startsWith('s3://'))
      throw usageError(command, 'the URL to read comes first, the s3:// destination last')
    const { bucket, key } = parseS3Url(destination)
    const url = given === '-' ? stdinUrl(key) : given
    const ifExists = ifExistsSchema.safeParse(values['if-exists'] ?? 'fail')
    if (!ifExists.success)
      throw usageError(
        command,
        `--if-exists must be fail, overwrite or skip, not "${String(values['if-exists'])}"`,
      )
    const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
    const headers: UploadHeaders = { metadata: parseMeta(values['meta'], command) }
    if (str('content-type')) headers.contentType = str('content-type')!
    if (str('cache-control')) headers.cacheControl = str('cache-control')!
    if (str('storage-class')) headers.storageClass = str('storage-class')!
    const protection = await protectionFrom(values)
    const input: StreamInput = {
      connection: connectionFrom(values, env),
      url,
      bucket,
      key,
      headers: { ...headers, ...protection.headers },
      ifExists: ifExists.data,
      ...(protection.customerKey ? { customerKey: protection.customerKey } : {}),
    }
    if (str('part-size')) input.partSize = parseSize(str('part-size')!, '--part-size')
    const concurrency = parseConcurrency(command, values['concurrency'])
    if (concurrency !== undefined) input.concurrency = concurrency
    if (str('source-md5')) input.sourceMd5 = str('source-md5')!

    const manager = openManager(env)
    try {
      // Bad input (an unsupported scheme, a bad part size) throws here: exit 2, nothing started.
      const started = manager.stream(input)
      return await followTransfers(manager, [started.id], ctx)
    } finally {
      await manager.close()
    }
  },
}
