import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet } from './support/app'
import { localFiles } from './support/local-files'
import { headOf } from './support/s3-objects'

const kmsKeyId = (): string => {
  const ids = process.env['FERRY_TEST_S3_KMS_KEY_IDS']
  if (!ids) throw new Error('FERRY_TEST_S3_KMS_KEY_IDS is not set: the S3 server must know SSE-KMS keys')
  return ids.split(',')[0]!
}

test("a connection's default encryption: the sheet starts with it, and may choose none", async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  await page.getByRole('button', { name: 'Edit local' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit “local”' })
  await edit.getByLabel('Default encryption').selectOption('sse-kms')
  await edit.getByLabel('KMS key id').fill(kmsKeyId())
  await edit.getByRole('button', { name: 'Save connection' }).click()
  await expect(edit).toHaveCount(0)

  const files = await localFiles({ 'by-default.txt': 'kms\n', 'plain.txt': 'none\n' })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects, [files.path('by-default.txt')])
  let sheet = uploadSheet(page)
  await expect(sheet.getByLabel('Encryption')).toHaveValue('sse-kms')
  await expect(sheet.getByLabel('KMS key id')).toHaveValue(kmsKeyId())
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(transfers(page).getByRole('listitem', { name: 'by-default.txt' })).toContainText('Done')
  const head = await headOf(s3, bucket, 'by-default.txt')
  expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', kmsKeyId()])

  await dropFiles(objects, [files.path('plain.txt')])
  sheet = uploadSheet(page)
  await sheet.getByLabel('Encryption').selectOption('none')
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(transfers(page).getByRole('listitem', { name: 'plain.txt' })).toContainText('Done')
  expect((await headOf(s3, bucket, 'plain.txt')).ServerSideEncryption).toBeUndefined()
  await files.remove()
})
