// The S3 server the specs run against: radosgw from scripts/s3-server.sh, or whatever
// FERRY_TEST_S3_ENDPOINT/ACCESS_KEY/SECRET_KEY name (MinIO, AWS).
import { execFileSync } from 'node:child_process'
import { S3Client } from '@aws-sdk/client-s3'
import { S3_SERVER_SCRIPT } from './paths'

export interface S3Server {
  endpoint: string
  accessKeyId: string
  secretAccessKey: string
  region: string
}

/** Starts radosgw and copies its KEY=VALUE lines into process.env, where workers find them. */
export function startS3Server(): void {
  const output = execFileSync('bash', [S3_SERVER_SCRIPT, 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  for (const line of output.split('\n')) {
    const match = /^(FERRY_TEST_S3_[A-Z_]+)=(.*)$/.exec(line.trim())
    if (match) process.env[match[1]!] = match[2]!
  }
  if (!process.env['FERRY_TEST_S3_ENDPOINT'])
    throw new Error(`scripts/s3-server.sh start printed no endpoint:\n${output}`)
}

export function stopS3Server(): void {
  execFileSync('bash', [S3_SERVER_SCRIPT, 'stop'], { stdio: 'inherit' })
}

export function s3ServerFromEnv(): S3Server {
  const endpoint = process.env['FERRY_TEST_S3_ENDPOINT']
  const accessKeyId = process.env['FERRY_TEST_S3_ACCESS_KEY']
  const secretAccessKey = process.env['FERRY_TEST_S3_SECRET_KEY']
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error(
      'FERRY_TEST_S3_ENDPOINT/ACCESS_KEY/SECRET_KEY are not set: run through `npx playwright test`, whose global setup starts radosgw',
    )
  }
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    region: process.env['FERRY_TEST_S3_REGION'] ?? 'us-east-1',
  }
}

/** A plain SDK client for assertions, independent of Ferry's own client factory. */
export function assertionClient(server: S3Server): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    // radosgw answers the SDK's default aws-chunked bodies with 411 (see FACTS.md).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}
