// A request with a body that radosgw refuses on its headers alone (a skewed clock, a wrong
// secret) must reach the retry policy as that refusal. When it arrived as EPIPE instead, the
// policy took it for a broken link: it backed off, never corrected the clock, and gave up with
// a network error (s3/client-factory.ts, expectContinueHeader).
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { createS3Client } from '../../src/main/s3/client-factory'
import { freshBucket, testClient, testConnection } from '../support/s3'

const MiB = 1024 * 1024
// Measured before the fix: about half of the refused 5 MiB parts ended in EPIPE. Twelve tries
// all answered as refusals leave a chance of 1 in 4,096 that the old behaviour passes.
const TRIES = 12

describe('a refused part upload', () => {
  for (const refusal of ['RequestTimeTooSkewed', 'SignatureDoesNotMatch'] as const) {
    it(`arrives as ${refusal}, not as a broken connection, on a reused client`, async () => {
      const s3 = testClient()
      const bucket = await freshBucket(s3, 'refused')
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'k' }))
      const connection = testConnection()
      const client =
        refusal === 'SignatureDoesNotMatch'
          ? createS3Client({
              ...connection,
              credentials: {
                ...connection.credentials!,
                secretAccessKey: 'wrong-secret-000000000000000000000000000',
              },
            })
          : createS3Client(connection)
      const body = Buffer.alloc(5 * MiB, 7)
      const seen: string[] = []
      try {
        for (let i = 0; i < TRIES; i++) {
          // 20 minutes ahead, again each time: the refusal's Date corrects the offset.
          if (refusal === 'RequestTimeTooSkewed') {
            ;(client.config as { systemClockOffset?: number }).systemClockOffset = 20 * 60_000
          }
          const answer = await client
            .send(new UploadPartCommand({ Bucket: bucket, Key: 'k', UploadId, PartNumber: 1, Body: body }))
            .then(
              () => 'stored',
              (e: { name?: string; code?: string }) => e.code ?? e.name ?? 'unknown',
            )
          seen.push(answer)
        }
      } finally {
        client.destroy()
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'k', UploadId }))
      }
      expect(seen).toEqual(Array.from({ length: TRIES }, () => refusal))
    })
  }
})
