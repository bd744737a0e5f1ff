// Creating and deleting buckets from the sidebar: the name's rules shown as it is typed, a
// bucket that is not empty refused with what it holds, and emptied only when asked.
import { randomBytes } from 'node:crypto'
import {
  CreateMultipartUploadCommand,
  HeadBucketCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'

const exists = (s3: S3Client, bucket: string) =>
  s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  )

test('a bucket is created with its name checked as typed, then deleted once emptied on request', async ({
  page,
  s3,
}) => {
  const name = `ferry-e2e-new-${randomBytes(4).toString('hex')}`
  const buckets = page.getByRole('navigation', { name: 'Buckets' })
  await buckets.getByRole('button', { name: 'New bucket' }).click()
  const dialog = page.getByRole('dialog', { name: 'New bucket' })
  const input = dialog.getByLabel('Bucket name')

  await input.fill('My_Bucket')
  await expect(dialog).toContainText('A bucket name has no capital letters ("M").')
  await expect(dialog.getByRole('button', { name: 'Create bucket' })).toBeDisabled()
  await input.fill('xn--abc')
  await expect(dialog).toContainText('cannot begin with "xn--"')
  await input.fill('10.0.0.1')
  await expect(dialog).toContainText('not shaped like an IP address')

  await input.fill(name)
  await expect(input).not.toHaveAttribute('aria-invalid')
  await dialog.getByRole('button', { name: 'Create bucket' }).click()
  await expect(dialog).toBeHidden()
  await expect(buckets.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'true')
  expect(await exists(s3, name)).toBe(true)

  // Not empty: refused with the count; "Empty and delete" is offered only then.
  await s3.send(new PutObjectCommand({ Bucket: name, Key: 'a.txt', Body: 'a' }))
  await s3.send(new PutObjectCommand({ Bucket: name, Key: 'b/c.txt', Body: 'c' }))
  await s3.send(new CreateMultipartUploadCommand({ Bucket: name, Key: 'big.iso' }))
  await buckets.getByRole('button', { name: `Delete bucket ${name}` }).click()
  const confirm = page.getByRole('dialog', { name: `Delete bucket “${name}”?` })
  await confirm.getByRole('button', { name: 'Delete bucket' }).click()
  await expect(confirm.getByRole('alert')).toContainText(
    `is not empty: it holds 2 objects or versions and 1 open multipart upload`,
  )
  expect(await exists(s3, name)).toBe(true)
  await expect(confirm).toContainText('deletes every object in it, every earlier version')
  await confirm.getByRole('button', { name: 'Empty and delete' }).click()
  await expect(confirm).toBeHidden()
  await expect(buckets.getByRole('button', { name, exact: true })).toHaveCount(0)
  expect(await exists(s3, name)).toBe(false)
})

test('a name that is taken is refused with the reason', async ({ page, bucket }) => {
  await page.getByRole('navigation', { name: 'Buckets' }).getByRole('button', { name: 'New bucket' }).click()
  const dialog = page.getByRole('dialog', { name: 'New bucket' })
  await dialog.getByLabel('Bucket name').fill(bucket)
  await dialog.getByRole('button', { name: 'Create bucket' }).click()
  await expect(dialog.getByRole('alert')).toContainText(`Bucket "${bucket}" already exists, and it is yours`)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
})
