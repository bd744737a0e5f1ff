// `ferry get s3://BUCKET/KEY -`: the object's bytes on standard output, for a pipe (tar, zcat,
// psql), as `aws s3 cp s3://... -` and `rclone cat` give them. A pipe cannot be rewound, so
// nothing is journaled and a later command cannot resume it; within the run, a connection that
// drops continues from the byte it reached, with If-Match on the ETag first read, so a changed
// object is never stitched. The bytes are hashed as they go out and checked against the ETag
// at the end (its MD5, or the multipart ETag for each part size that fits): a mismatch can
// only be said after the fact, as an error (exit 1) telling the reader to discard what it read.
import { Writable } from 'node:stream'
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { journalDirOf, stateDirFrom } from '../main/core/transfers/state-dir'
import { JournalCatalog } from '../main/journal/catalog'
import { createS3Client } from '../main/s3/client-factory'
import { customerKeyParams } from '../main/s3/customer-key'
import { EtagHasher } from '../main/s3/etag-hasher'
import { parseEtag } from '../main/s3/etag-shape'
import { headObject, type ObjectHead } from '../main/s3/head'
import { toFerryError } from '../main/s3/s3-errors'
import { partSizeCandidates } from '../main/s3/verify'
import type { CustomerKey } from '../shared/encryption'
import type { EngineConnection } from '../shared/engine-protocol'
import { FerryError } from '../shared/errors'
import { EXIT_OK, type CommandContext } from './command'

/** Dropped connections a run continues from before it gives up. */
const ATTEMPTS = 5
/** Part sizes hashed at once for a multipart ETag: each costs a full MD5 of the bytes. */
const MAX_CANDIDATES = 3

export interface StdoutDownload {
  bucket: string
  key: string
  connection: EngineConnection
  customerKey?: CustomerKey
  versionId?: string
}

/** The part sizes this computer's journals hold for the object (an upload of Ferry's). */
async function journaledPartSizes(
  env: NodeJS.ProcessEnv,
  at: { bucket: string; key: string },
): Promise<number[]> {
  try {
    return await new JournalCatalog(journalDirOf(stateDirFrom(env))).partSizesFor(at.bucket, at.key)
  } catch {
    // No state folder, or one that cannot be read: the sizes other tools use are tried.
    return []
  }
}

/** Closed by its reader (`| head`): not an error of the download's. */
const isBrokenPipe = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'

export async function runStdoutDownload(ctx: CommandContext, input: StdoutDownload): Promise<number> {
  const client = createS3Client(input.connection)
  try {
    const head = await headObject(client, input.bucket, input.key, {
      customerKey: input.customerKey,
      versionId: input.versionId,
    })
    const shape = parseEtag(head.etag, head.serverSideEncryption, head.sseCustomerAlgorithm)
    const hints = shape.kind === 'multipart' ? await journaledPartSizes(ctx.env, input) : []
    const hasher = new EtagHasher(
      shape,
      shape.kind === 'multipart'
        ? partSizeCandidates(head.size, shape.parts, hints).slice(0, MAX_CANDIDATES)
        : [],
    )
    const written = await pipeObject(client, input, head, ctx.stdout as unknown as Writable, hasher)
    if (written === 'closed') return EXIT_OK
    const { verification, definite } = hasher.result(false)
    const where = `s3://${input.bucket}/${input.key}`
    // Definite: a plain MD5 that differs. A multipart ETag no part size tried gives is no proof
    // of damage (the part size is guessed): that is said as not verified.
    if (!verification.verified && definite)
      throw new FerryError({
        code: 'integrity',
        message: `the bytes written to standard output differ from ${where}: ${verification.reason}`,
        fix: 'Discard what was read, and run the command again.',
      })
    if (!verification.verified)
      ctx.stderr.write(`ferry: ${where} was written but not verified: ${verification.reason}\n`)
    return EXIT_OK
  } finally {
    client.destroy()
  }
}

/** Writes the object from its first byte to its last; 'closed' when the reader went away first. */
async function pipeObject(
  client: S3Client,
  input: StdoutDownload,
  head: ObjectHead,
  out: Writable,
  hasher: EtagHasher,
): Promise<number | 'closed'> {
  let at = 0
  let closed = false
  const onError = (e: unknown) => {
    if (isBrokenPipe(e)) closed = true
  }
  out.on('error', onError)
  try {
    for (let attempt = 1; at < head.size || attempt === 1; attempt++) {
      try {
        const answer = await client.send(
          new GetObjectCommand({
            Bucket: input.bucket,
            Key: input.key,
            // The version read first, or a 412: a changed object is never stitched.
            IfMatch: `"${head.etag}"`,
            ...(input.versionId !== undefined ? { VersionId: input.versionId } : {}),
            ...(at > 0 ? { Range: `bytes=${at}-` } : {}),
            ...(input.customerKey ? customerKeyParams(input.customerKey) : {}),
          }),
        )
        for await (const chunk of answer.Body as AsyncIterable<Buffer>) {
          if (closed) return 'closed'
          hasher.update(chunk)
          at += chunk.length
          if (!out.write(chunk)) await drained(out, () => closed)
        }
        if (closed) return 'closed'
        if (at >= head.size) return at
      } catch (e) {
        if (closed || isBrokenPipe(e)) return 'closed'
        if ((e as { name?: string }).name === 'PreconditionFailed')
          throw new FerryError({
            code: 'source-changed',
            message: `s3://${input.bucket}/${input.key} changed while it was read (its ETag is no longer ${head.etag}), after ${at} bytes were written`,
            fix: 'Discard what was read, and run the command again to read the new version.',
          })
        const error = toFerryError(e, { bucket: input.bucket, key: input.key })
        if (!error.retryable || attempt >= ATTEMPTS) throw error
        // A dropped connection: continue from the byte reached, after a short wait.
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt))
      }
    }
    return at
  } finally {
    out.off('error', onError)
  }
}

function drained(out: Writable, closed: () => boolean): Promise<void> {
  if (closed()) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done)
      out.off('error', done)
      resolve()
    }
    out.once('drain', done)
    out.once('error', done)
  })
}
