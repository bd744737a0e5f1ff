// Shared helpers for integration tests: the test server's connection and fresh buckets.
import { randomBytes } from 'node:crypto'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import type { HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { EngineConnection } from '../../src/shared/engine-protocol'
import { createS3Client } from '../../src/main/s3/client-factory'

export function testConnection(): EngineConnection {
  const endpoint = process.env['FERRY_TEST_S3_ENDPOINT']
  const accessKeyId = process.env['FERRY_TEST_S3_ACCESS_KEY']
  const secretAccessKey = process.env['FERRY_TEST_S3_SECRET_KEY']
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error(
      'FERRY_TEST_S3_ENDPOINT/ACCESS_KEY/SECRET_KEY are not set: run through `npm test` or vitest --project integration',
    )
  }
  return {
    endpoint,
    region: process.env['FERRY_TEST_S3_REGION'] ?? 'us-east-1',
    pathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  }
}

export function testClient(): S3Client {
  return createS3Client(testConnection())
}

/** A new, empty bucket with a unique name. */
export async function freshBucket(client: S3Client = testClient(), label = 't'): Promise<string> {
  const name = `ferry-${label}-${randomBytes(5).toString('hex')}`.toLowerCase().slice(0, 63)
  await client.send(new CreateBucketCommand({ Bucket: name }))
  return name
}

/** The SSE-KMS key id scripts/s3-server.sh gives radosgw's testing KMS backend. */
export const KMS_TEST_KEY_ID = 'ferry-test-key'

/** Saves the test server as a connection of a headless main; returns its id. */
export async function saveTestConnection(
  main: { dispatch: HeadlessMain['dispatch'] },
  name = 'radosgw',
): Promise<string> {
  const c = testConnection()
  const saved = await main.dispatch('connections:save', {
    name,
    endpoint: c.endpoint,
    region: c.region,
    pathStyle: true,
    accessKeyId: c.credentials!.accessKeyId,
    secretAccessKey: c.credentials!.secretAccessKey,
  })
  if (!saved.ok) throw new Error(saved.error.message)
  return (saved.value as ConnectionSummary).id
}
