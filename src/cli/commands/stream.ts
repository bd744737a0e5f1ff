import type { StreamInput } from '../../main/core/transfers/stream-transfers'
import { ifExistsSchema, type UploadHeaders } from '../../shared/domain/transfer'
import { parseS3Url } from '../../shared/s3-url'
import { parseSize } from '../../shared/sizes'
import { usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { followTransfers, openManager, parseConcurrency, parseMeta, tuningOptions } from './upload'

export const command: CliCommand = {
  name: 'stream',
  summary:
    'Upload from a URL (http, https, ftp, file) straight into S3: parallel ranges, resumable, checked end to end',
  usage:
    'ferry stream URL s3://BUCKET/KEY [--part-size SIZE] [--concurrency N] [--meta KEY=VALUE]... ' +
    '[--content-type T] [--if-exists fail|overwrite|skip] [--source-md5 HEX|URL] [--json]',
  options: {
    ...connectionOptions,
    ...tuningOptions,
    'part-size': { type: 'string' },
    meta: { type: 'string', multiple: true },
    'content-type': { type: 'string' },
    'cache-control': { type: 'string' },
    'if-exists': { type: 'string' },
    'source-md5': { type: 'string' },
  },
  async run(ctx) {
    const { positionals, values, env } = ctx
    if (positionals.length !== 2) throw usageError(command, 'stream needs one URL and one s3:// destination')
    const [url, destination] = positionals as [string, string]
    if (url.startsWith('s3://'))
      throw usageError(command, 'the URL to read comes first, the s3:// destination last')
    const { bucket, key } = parseS3Url(destination)
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
    const input: StreamInput = {
      connection: connectionFrom(values, env),
      url,
      bucket,
      key,
      headers,
      ifExists: ifExists.data,
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
