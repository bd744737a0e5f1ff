import { stat } from 'node:fs/promises'
import { createS3Client } from '../../main/s3/client-factory'
import { toFerryError } from '../../main/s3/s3-errors'
import { etagShape } from '../../main/s3/digests'
import { sourceError } from '../../main/s3/source-file'
import { compareEtag, headForVerify, localEtag, partSizeCandidates } from '../../main/s3/verify'
import { badInput, FerryError } from '../../shared/errors'
import { parseS3Url } from '../../shared/s3-url'
import { formatBytes } from '../../shared/sizes'
import { EXIT_FAILED, EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { writeJson } from '../output'
import { openManager } from './upload'

/** Each candidate part size costs a full read of the file; the likely ones come first. */
const MAX_TRIES = 4

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
    const client = createS3Client(connectionFrom(values, env))
    let facts
    try {
      facts = await headForVerify(client, bucket, key)
    } catch (e) {
      throw toFerryError(e, { bucket, key })
    } finally {
      client.destroy()
    }

    const report = (equal: boolean, fields: Record<string, unknown>, line: string): number => {
      if (values['json'])
        writeJson(
          stdout,
          { equal, file, bucket, key, size, objectSize: facts.size, etag: facts.etag, ...fields },
          env,
        )
      else stdout.write(`${line}\n`)
      return equal ? EXIT_OK : EXIT_FAILED
    }
    const where = `s3://${bucket}/${key}`
    if (facts.size !== size) {
      const reason = `the object has ${facts.size} bytes, the file ${size}`
      return report(false, { reason }, `differs: ${file} and ${where}: ${reason}`)
    }
    const shape = etagShape(facts.etag)
    if (shape.kind === 'opaque') {
      const reason = `the object's ETag "${facts.etag}" is not an MD5 (encrypted, or a store that does not use MD5 ETags), so its bytes cannot be compared`
      return report(false, { reason }, `cannot verify: ${where}: ${reason}`)
    }
    if (shape.kind === 'md5') {
      const local = await localEtag(file, size, undefined)
      const { verification } = compareEtag(facts.etag, facts.size, local, size)
      return verification.verified
        ? report(
            true,
            { method: 'md5-etag', localEtag: local },
            `equal: ${file} matches ${where} (MD5 ${local})`,
          )
        : report(
            false,
            { localEtag: local, reason: verification.reason },
            `differs: ${file} and ${where}: ${verification.reason}`,
          )
    }

    const hints: number[] = []
    if (facts.firstPartSize !== undefined) hints.push(facts.firstPartSize)
    const manager = openManager(env)
    try {
      hints.push(...(await manager.partSizesFor(bucket, key)))
    } finally {
      await manager.close()
    }
    const candidates = partSizeCandidates(size, shape.partCount, hints).slice(0, MAX_TRIES)
    const tried: string[] = []
    for (const partSize of candidates) {
      const local = await localEtag(file, size, partSize)
      tried.push(formatBytes(partSize))
      if (local === facts.etag) {
        return report(
          true,
          { method: 'multipart-etag', localEtag: local, partSize },
          `equal: ${file} matches ${where} (multipart ETag ${local}, ${shape.partCount} parts of ${formatBytes(partSize)})`,
        )
      }
    }
    const reason =
      candidates.length === 0
        ? `no part size splits ${size} bytes into ${shape.partCount} parts`
        : `no part size reproduces the ETag ${facts.etag} (tried ${tried.join(', ')}): the contents differ, or it was uploaded with unusual part sizes`
    return report(false, { reason, tried: candidates }, `differs: ${file} and ${where}: ${reason}`)
  },
}
