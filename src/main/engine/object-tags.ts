// Tags asked for at upload reach multipart objects too. AWS applies the x-amz-tagging of
// CreateMultipartUpload at Complete; radosgw 16 ignores it there (measured: the completed object
// has no tags), so an object that came out with fewer tags than asked gets them with
// PutObjectTagging. Where Create honoured them, HEAD's tag count says so and nothing is sent.
import { PutObjectTaggingCommand } from '@aws-sdk/client-s3'
import { withRetries } from '../s3/retrying'
import type { ExistingObject } from './overwrite'
import type { TransferContext } from './transfer-context'

export async function tagIfUntagged(ctx: TransferContext, stored: ExistingObject): Promise<void> {
  const tags = Object.entries(ctx.spec.headers.tags ?? {})
  if (tags.length === 0 || (stored.tagCount ?? 0) >= tags.length) return
  const { bucket, key } = ctx.spec
  await withRetries(
    (abortSignal) =>
      ctx.client.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: key,
          Tagging: { TagSet: tags.map(([Key, Value]) => ({ Key, Value })) },
        }),
        { abortSignal },
      ),
    ctx,
  )
}
