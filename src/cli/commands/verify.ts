import { stat } from 'node:fs/promises'
import { createS3Client } from '../../main/s3/client-factory'
import { sourceError } from '../../main/s3/source-file'
import { objectEqualsFile, type Difference } from '../../main/s3/object-equals-file'
import { badInput, FerryError } from '../../shared/errors'
import { parseS3Url } from '../../shared/s3-url'
import { formatBytes } from '../../shared/sizes'
import { EXIT_FAILED, EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { writeJson } from '../output'
import { customerKeyFrom, customerKeyOption } from '../protection-options'
import { openManager } from '../open-manager'

export const command: CliCommand = {
  name: 'verify',
  summary: 'Check that an object equals a local file (by its MD5 or multipart ETag)',
  synopsis: ['ferry verify FILE s3://BUCKET/KEY'],
  description:
    "Compares FILE with the object without downloading it: the sizes, then the object's ETag " +
    "with the file's MD5, or for a multipart object with the multipart ETag computed from the " +
    'file for the likely part sizes (those in its journal or on the store first). Prints ' +
    'equal, differs or cannot verify (an ETag that is not an MD5, as with some encryption), ' +
    'and exits 0 when equal, 1 when not or when it cannot tell.',
  options: {
    json: { type: 'boolean', help: 'Print the verdict as one JSON object.' },
    ...customerKeyOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry verify ./backup.tar s3://my-bucket/backups/2024.tar',
      meaning: 'Check that the stored object is this file, byte for byte.',
    },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length !== 2) throw usageError(command, 'verify takes a FILE and an s3://BUCKET/KEY')
    const [file, url] = positionals as [string, string]
    const { bucket, key } = parseS3Url(url)
    if (!key || key.endsWith('/')) throw usageError(command, `"${url}" names no object`)
    let size: number
    try {
      const s = await stat(file)
      if (!s.isFile()) throw badInput(`${file} is not a file`, 'Name a regular file.')
      size = s.size
    } catch (e) {
      if (e instanceof FerryError) throw e
      const error = sourceError(e, file)
      throw badInput(error.message, error.fix)
    }

    // The SDK's Node-version warning would break the one-line-per-outcome output.
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'
    const customerKey = await customerKeyFrom(values)
    const client = createS3Client(connectionFrom(values, env))
    let verdict
    try {
      verdict = await objectEqualsFile(
        client,
        { bucket, key },
        { path: file, size },
        { partSizeHints: () => journaledPartSizes(env, bucket, key), customerKey },
      )
    } finally {
      client.destroy()
    }
    if (verdict.kind === 'missing') throw verdict.error
    const { object } = verdict

    const report = (equal: boolean, fields: Record<string, unknown>, line: string): number => {
      if (values['json'])
        writeJson(
          stdout,
          { equal, file, bucket, key, size, objectSize: object.size, etag: object.etag, ...fields },
          env,
        )
      else stdout.write(`${line}\n`)
      return equal ? EXIT_OK : EXIT_FAILED
    }
    const where = `s3://${bucket}/${key}`
    switch (verdict.kind) {
      case 'equal': {
        const { how } = verdict
        return how.method === 'md5-etag'
          ? report(
              true,
              { method: 'md5-etag', localEtag: how.localEtag },
              `equal: ${file} matches ${where} (MD5 ${how.localEtag})`,
            )
          : report(
              true,
              { method: 'multipart-etag', localEtag: how.localEtag, partSize: how.partSize },
              `equal: ${file} matches ${where} (multipart ETag ${how.localEtag}, ${how.partCount} parts of ${formatBytes(how.partSize)})`,
            )
      }
      case 'cannot-tell': {
        const reason = `the object's ETag "${object.etag}" is not an MD5 (encrypted, or a store that does not use MD5 ETags), so its bytes cannot be compared`
        return report(false, { reason }, `cannot verify: ${where}: ${reason}`)
      }
      case 'different': {
        const { reason: why } = verdict
        const [reason, fields] = differenceOf(why, object.etag, size)
        return report(false, fields, `differs: ${file} and ${where}: ${reason}`)
      }
    }
  },
}

/** Why they differ, and the --json fields that say it. */
function differenceOf(why: Difference, etag: string, size: number): [string, Record<string, unknown>] {
  switch (why.kind) {
    case 'size': {
      const reason = `the object has ${why.objectSize} bytes, the file ${why.fileSize}`
      return [reason, { reason }]
    }
    case 'md5': {
      const reason = `the object's ETag is ${etag}, the file gives ${why.localEtag}`
      return [reason, { localEtag: why.localEtag, reason }]
    }
    case 'no-part-size': {
      const reason = `no part size splits ${size} bytes into ${why.partCount} parts`
      return [reason, { reason, tried: [] }]
    }
    case 'no-part-size-matches': {
      const reason = `no part size reproduces the ETag ${etag} (tried ${why.tried.map(formatBytes).join(', ')}): the contents differ, or it was uploaded with unusual part sizes`
      return [reason, { reason, tried: why.tried }]
    }
  }
}

async function journaledPartSizes(env: NodeJS.ProcessEnv, bucket: string, key: string): Promise<number[]> {
  const manager = openManager(env)
  try {
    return await manager.partSizesFor(bucket, key)
  } finally {
    await manager.close()
  }
}
