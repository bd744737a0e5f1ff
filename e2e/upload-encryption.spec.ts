import { createHash, randomBytes } from 'node:crypto'
import { GetObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet } from './support/app'
import { localFiles } from './support/local-files'
import { headOf } from './support/s3-objects'

const kmsKeyId = (): string => {
  const ids = process.env['FERRY_TEST_S3_KMS_KEY_IDS']
  if (!ids) throw new Error('FERRY_TEST_S3_KMS_KEY_IDS is not set: the S3 server must know SSE-KMS keys')
  return ids.split(',')[0]!
}

test('the upload sheet sends SSE-KMS with a key id, tags and an ACL', async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  const files = await localFiles({ 'ledger.csv': 'a,b\n1,2\n' })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects, [files.path('ledger.csv')])
  const sheet = uploadSheet(page)
  const start = sheet.getByRole('button', { name: 'Start upload' })
  await expect(start).toBeEnabled()

  await sheet.getByLabel('Tags').fill('team')
  await expect(sheet.getByRole('alert')).toContainText('--tagging "team" is not KEY=VALUE')
  await expect(start).toBeDisabled()
  await sheet.getByLabel('Tags').fill('team=ops&year=2026')
  await sheet.getByLabel('Encryption').selectOption('sse-kms')
  await sheet.getByLabel('KMS key id').fill(kmsKeyId())
  await sheet.getByLabel('ACL').selectOption('public-read')
  await expect(sheet.getByRole('alert')).toHaveCount(0)
  await start.click()

  await expect(transfers(page).getByRole('listitem', { name: 'ledger.csv' })).toContainText('Done')
  const head = await headOf(s3, bucket, 'ledger.csv')
  expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', kmsKeyId()])
  const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'ledger.csv' }))
  expect(tags.TagSet?.map((t) => `${t.Key}=${t.Value}`).sort()).toEqual(['team=ops', 'year=2026'])
  await files.remove()
})

test('the upload sheet sends SSE-C with a key file that main reads', async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  const key = randomBytes(32)
  const files = await localFiles({ 'secret.txt': 'for my eyes only\n', 'key.bin': key })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects, [files.path('secret.txt')])
  const sheet = uploadSheet(page)
  const start = sheet.getByRole('button', { name: 'Start upload' })
  await sheet.getByLabel('Encryption').selectOption('sse-c')
  await expect(sheet.getByRole('alert')).toContainText('Name the file that holds the 32-byte SSE-C key')
  await expect(start).toBeDisabled()
  await sheet.getByLabel('SSE-C key file').fill(files.path('key.bin'))
  await start.click()

  await expect(transfers(page).getByRole('listitem', { name: 'secret.txt' })).toContainText('Done')
  const got = await s3.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: 'secret.txt',
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKey: key.toString('base64'),
      SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
    }),
  )
  expect(await got.Body!.transformToString()).toBe('for my eyes only\n')
  await expect(headOf(s3, bucket, 'secret.txt')).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } })
  await files.remove()
})
