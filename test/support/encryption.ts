// What the encryption tests share: the SSE-KMS key ids the test server knows, and an SSE-C key
// as the SDK's request parameters.
import { createHash } from 'node:crypto'

/** The SSE-KMS key ids the test server knows (scripts/s3-server.sh prints them). */
export function kmsKeyIds(): string[] {
  const ids = process.env['FERRY_TEST_S3_KMS_KEY_IDS']
  if (!ids)
    throw new Error(
      'FERRY_TEST_S3_KMS_KEY_IDS is not set: the S3 server must know SSE-KMS keys (scripts/s3-server.sh)',
    )
  return ids.split(',')
}

export const ssecParams = (key: Buffer) => ({
  SSECustomerAlgorithm: 'AES256',
  SSECustomerKey: key.toString('base64'),
  SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
})
