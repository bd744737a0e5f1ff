// A CreateMultipartUpload whose answer was lost (stalled past the idle timeout, or the
// connection reset after the server acted) may still have created an upload; the retry
// creates another. The first one's id never reached Ferry, so nothing would complete or
// abort it and its parts would cost storage until a lifecycle rule removed them. After a
// retried Create, the uploads of the same key started since the first try are aborted.
// Another client starting an upload of the very same key within those seconds would lose
// it; two writers of one key race each other anyway.
// The listing retries like any request: the network that lost the Create's answer is the
// one most likely to lose the listing's too, and a sweep that gave up at the first stall
// would leave exactly the upload it exists to remove.
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import type { S3ErrorContext } from '../s3/s3-errors'
import { withRetries, type RetryContext } from '../s3/retrying'

export { serverNow } from '../s3/server-clock'

/** Slack for the server stamping Initiated a little before our first try reached it. */
const SLACK_MS = 5_000

/** As many tries as an abort gets: the sweep must not hold up the upload for long. */
const SWEEP_RETRY = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 2000 }

export async function abortLostCreates(
  retry: Pick<RetryContext, 'client' | 'signal'>,
  where: S3ErrorContext & { bucket: string; key: string },
  keep: string,
  since: number,
  abort: (uploadId: string) => Promise<void>,
): Promise<string[]> {
  const aborted: string[] = []
  try {
    const out = await withRetries(
      (abortSignal) =>
        retry.client.send(new ListMultipartUploadsCommand({ Bucket: where.bucket, Prefix: where.key }), {
          abortSignal,
        }),
      { ...retry, where, options: SWEEP_RETRY },
    )
    for (const u of out.Uploads ?? []) {
      if (u.Key !== where.key || !u.UploadId || u.UploadId === keep) continue
      if (!u.Initiated || u.Initiated.getTime() < since - SLACK_MS) continue
      await abort(u.UploadId)
      aborted.push(u.UploadId)
    }
  } catch {
    // Best effort: `ferry uploads --abort` and the Incomplete uploads view find what is left.
  }
  return aborted
}
