// Reads a part of a ranged source straight into the part's buffer (no temporary file, no
// copy beyond socket chunk -> buffer). A range that breaks off continues from the byte it
// reached; failures go through the one retry loop, where progress since the last failure
// earns fresh attempts, as in the download engine's fetchRange.
import type { RangeSource } from '../multipart-upload'
import { retryLoop, type RetryInfo } from '../../s3/retrying'
import type { OrderedDigest } from './ordered-digest'
import type { SourceBody, SourceIdentity, SourceInfo, StreamSource } from './source'
import { factsOf, sourceGaveUp } from './source-errors'

const truncated = () =>
  Object.assign(new Error('the connection closed before the range was complete'), { code: 'ECONNRESET' })

export interface ReaderContext {
  source: StreamSource
  /** The version the bytes must come from (If-Range); undefined where none is known. */
  expect: SourceIdentity | undefined
  signal: AbortSignal
  digest: OrderedDigest
  onRetry?: (info: RetryInfo) => void
}

/**
 * Copies the body into buffer[at.filled...] until `want` bytes are there or the body ends,
 * advancing at.filled as it goes (so a body that breaks off keeps what arrived). Stops early
 * (and closes) when a body runs past the range, which FTP does: it cannot bound a transfer.
 */
export async function fillFrom(
  body: SourceBody,
  buffer: Buffer,
  at: { filled: number },
  want: number,
): Promise<void> {
  for await (const chunk of body.chunks) {
    const take = Math.min(chunk.length, want - at.filled)
    chunk.copy(buffer, at.filled, 0, take)
    at.filled += take
    if (take < chunk.length) {
      body.close()
      break
    }
  }
}

/** Runs attempts of `step` under the retry loop until it returns true (done). */
export function withSourceRetries(
  ctx: Pick<ReaderContext, 'source' | 'signal' | 'onRetry'>,
  progressMark: () => number,
  step: () => Promise<boolean>,
): Promise<void> {
  return retryLoop(
    async () => {
      if (!(await step())) throw truncated()
    },
    {
      signal: ctx.signal,
      abort: 'stop',
      progress: progressMark,
      facts: factsOf,
      giveUp: (e) => sourceGaveUp(ctx.source.display, e),
      onRetry: ctx.onRetry,
    },
  )
}

/** What the source is now (size, validators, ranges, digests), with the same retries as a range. */
export async function probeSource(
  ctx: Pick<ReaderContext, 'source' | 'signal' | 'onRetry'>,
): Promise<SourceInfo> {
  let info: SourceInfo | undefined
  await withSourceRetries(
    ctx,
    () => 0,
    async () => {
      info = await ctx.source.probe(ctx.signal)
      return true
    },
  )
  return info!
}

/** Parts by ranged requests, in parallel: each read() is one range, with If-Range. */
export class RangeReader implements RangeSource {
  /** Range requests sent, retries included. */
  requests = 0

  constructor(private readonly ctx: ReaderContext) {}

  async read(buffer: Buffer, start: number, end: number): Promise<Buffer> {
    const { ctx } = this
    const want = end - start
    const at = { filled: 0 }
    try {
      await withSourceRetries(
        ctx,
        () => at.filled,
        async () => {
          this.requests++
          const body = await ctx.source.open({ start: start + at.filled, end }, ctx.expect, ctx.signal)
          try {
            await fillFrom(body, buffer, at, want)
          } finally {
            if (at.filled < want) body.close()
          }
          return at.filled === want
        },
      )
      const bytes = buffer.subarray(0, want)
      await ctx.digest.add(start, bytes)
      return bytes
    } catch (e) {
      ctx.digest.fail(`bytes ${start}-${end - 1} could not be read`)
      throw e
    }
  }
}
