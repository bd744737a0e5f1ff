import { GetObjectTaggingCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket } from './support/app'
import { headOf, metadataOf } from './support/s3-objects'

const kmsKeyId = (): string => {
  const ids = process.env['FERRY_TEST_S3_KMS_KEY_IDS']
  if (!ids) throw new Error('FERRY_TEST_S3_KMS_KEY_IDS is not set: the S3 server must know SSE-KMS keys')
  return ids.split(',')[0]!
}

test("the inspector shows an object's encryption, storage class and tags, and saves new tags", async ({
  page,
  bucket,
  s3,
}) => {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'tagged.txt',
      Body: 'tagged',
      Tagging: 'team=ops&year=2026',
      Metadata: { owner: 'alice' },
    }),
  )
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'vault.txt',
      Body: 'sealed',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKeyId(),
    }),
  )
  const objects = await openBucket(page, bucket)
  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  const facts = inspector.getByRole('list', { name: 'Object facts' }).or(inspector.getByLabel('Object facts'))

  await objects.getByRole('row', { name: 'vault.txt', exact: true }).click()
  await expect(inspector.getByRole('heading', { name: 'vault.txt' })).toBeVisible()
  await expect(facts).toContainText(`SSE-KMS (key ${kmsKeyId()})`)

  await objects.getByRole('row', { name: 'tagged.txt', exact: true }).click()
  await expect(inspector.getByRole('heading', { name: 'tagged.txt' })).toBeVisible()
  await expect(facts).toContainText('team=ops, year=2026')
  await expect(facts).toContainText('Standard')

  const form = inspector.getByRole('form', { name: 'Storage class and tags' })
  const tags = form.getByLabel('Tags')
  await expect(tags).toHaveValue('team=ops&year=2026')
  await tags.fill('team')
  await expect(form.getByRole('alert')).toContainText('is not KEY=VALUE')
  await expect(form.getByRole('button', { name: 'Save class and tags' })).toBeDisabled()
  await tags.fill('team=dev&note=two%20words')
  await form.getByRole('button', { name: 'Save class and tags' }).click()
  // As the store lists them (radosgw sorts by key).
  await expect(facts).toContainText(/note=two words, team=dev|team=dev, note=two words/)

  const stored = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged.txt' }))
  expect(stored.TagSet?.map((t) => `${t.Key}=${t.Value}`).sort()).toEqual(['note=two words', 'team=dev'])
  // Nothing else changed: the metadata and the class are as they were.
  expect(await metadataOf(s3, bucket, 'tagged.txt')).toEqual({ owner: 'alice' })
  expect((await headOf(s3, bucket, 'tagged.txt')).StorageClass ?? 'STANDARD').toBe('STANDARD')
})
