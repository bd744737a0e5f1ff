// The server's clock, as far as the client knows it: S3 stamps an upload's Initiated by its own
// time, and a sweep of uploads "started since" must compare like with like.
import type { S3Client } from '@aws-sdk/client-s3'

/** Server time now: the client's clock corrected by the offset the SDK learned from answers. */
export const serverNow = (client: S3Client): number =>
  Date.now() + ((client.config as { systemClockOffset?: number }).systemClockOffset ?? 0)
