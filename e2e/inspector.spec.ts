import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { addMetadata, openBucket, transfers } from './support/app'
import { localFiles } from './support/local-files'
import { bytesOf, headOf, metadataOf } from './support/s3-objects'

const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`

test('selecting an object shows its headers and decoded metadata, and Save metadata rewrites it in place', async ({
  page,
  bucket,
  s3,
}) => {
  const body = randomBytes(3000)
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'docs/plan.pdf',
      Body: body,
      ContentType: 'application/pdf',
      CacheControl: 'max-age=60',
      Metadata: { owner: 'alice', city: encoded('Zürich'), stale: 'remove me' },
    }),
  )
  const before = await headOf(s3, bucket, 'docs/plan.pdf')
  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'docs', exact: true }).click()
  await objects.getByRole('row', { name: 'plan.pdf', exact: true }).click()
  await expect(objects.getByRole('row', { name: 'plan.pdf', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  )

  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  const facts = inspector.getByRole('definition')
  await expect(inspector.getByRole('heading', { name: 'plan.pdf' })).toBeVisible()
  await expect(facts.nth(0)).toHaveText('2.9 KiB (3,000 bytes)')
  await expect(facts.nth(1)).toHaveText(before.ETag!.replaceAll('"', ''))
  await expect(facts.nth(2)).not.toHaveText('—')
  await expect(facts.nth(3)).toHaveText('application/pdf')
  await expect(facts.nth(4)).toHaveText('Standard')

  const form = inspector.getByRole('form', { name: 'Metadata' })
  await expect(form.getByLabel('Cache-Control', { exact: true })).toHaveValue('max-age=60')
  await expect(form.getByRole('listitem', { name: 'city' }).getByLabel('Metadata value')).toHaveValue(
    'Zürich',
  )
  await expect(form.getByRole('listitem', { name: 'owner' }).getByLabel('Metadata value')).toHaveValue(
    'alice',
  )
  const save = form.getByRole('button', { name: 'Save metadata' })
  await expect(save).toBeDisabled()

  await form.getByRole('listitem', { name: 'owner' }).getByLabel('Metadata value').fill('bob')
  await form.getByRole('listitem', { name: 'stale' }).getByRole('button', { name: 'Remove' }).click()
  await addMetadata(form, 'reviewed', 'sí, señor')
  await form.getByLabel('Cache-Control', { exact: true }).fill('no-store')
  await save.click()
  await expect(form).toContainText('Metadata saved.')

  expect(await metadataOf(s3, bucket, 'docs/plan.pdf')).toEqual({
    owner: 'bob',
    city: 'Zürich',
    reviewed: 'sí, señor',
  })
  const after = await headOf(s3, bucket, 'docs/plan.pdf')
  expect(after.CacheControl).toBe('no-store')
  // System headers the form did not change are carried over; the bytes are the same.
  expect(after.ContentType).toBe('application/pdf')
  expect((await bytesOf(s3, bucket, 'docs/plan.pdf')).equals(body)).toBe(true)
  // The form now shows the saved version.
  await expect(form.getByRole('listitem', { name: 'reviewed' }).getByLabel('Metadata value')).toHaveValue(
    'sí, señor',
  )
  await expect(save).toBeDisabled()
})

test('Save metadata refuses plainly when the object changed since it was opened', async ({
  page,
  bucket,
  s3,
}) => {
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'shared.txt', Body: 'v1', Metadata: { rev: '1' } }),
  )
  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'shared.txt', exact: true }).click()
  const form = page.getByRole('complementary', { name: 'Inspector' }).getByRole('form', { name: 'Metadata' })
  await expect(form.getByRole('listitem', { name: 'rev' }).getByLabel('Metadata value')).toHaveValue('1')

  // Someone else writes a new version meanwhile.
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'shared.txt', Body: 'v2', Metadata: { rev: '2' } }),
  )
  await form.getByRole('listitem', { name: 'rev' }).getByLabel('Metadata value').fill('mine')
  await form.getByRole('button', { name: 'Save metadata' }).click()
  const alert = form.getByRole('alert')
  await expect(alert).toContainText(
    `The object changed since you opened it (s3://${bucket}/shared.txt has a newer version), so nothing was written`,
  )
  await expect(alert).toContainText('Reload the object')
  expect(await metadataOf(s3, bucket, 'shared.txt')).toEqual({ rev: '2' })
  expect((await bytesOf(s3, bucket, 'shared.txt')).toString()).toBe('v2')

  await form.getByRole('button', { name: 'Reload object' }).click()
  await expect(form.getByRole('listitem', { name: 'rev' }).getByLabel('Metadata value')).toHaveValue('2')
})

test('Copy link signs a link with the chosen expiry, copies it, and the link downloads the object', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'share me.txt', Body: 'shared bytes' }))
  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'share me.txt', exact: true }).click()
  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  await inspector.getByLabel('Link expires in').selectOption({ label: '1 day' })
  await inspector.getByRole('button', { name: 'Copy link' }).click()
  const link = inspector.getByLabel('Link', { exact: true })
  await expect(link).toHaveValue(/X-Amz-Expires=86400/)
  await expect(inspector.getByRole('status')).toContainText('Copied. Works until')
  const url = await link.inputValue()
  expect(desktop.clipboard).toBe(url)
  const response = await fetch(url)
  expect(response.status).toBe(200)
  expect(await response.text()).toBe('shared bytes')
  expect(response.headers.get('content-disposition')).toContain('share me.txt')
})

test('Delete asks first; many objects and a folder go in one confirmation', async ({ page, bucket, s3 }) => {
  for (const key of ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'old/1.txt', 'old/2.txt'])
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))
  const objects = await openBucket(page, bucket)
  const row = (name: string) => objects.getByRole('row', { name, exact: true })
  const inspector = page.getByRole('complementary', { name: 'Inspector' })

  await row('a.txt').click()
  await inspector.getByRole('button', { name: 'Delete' }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete “a.txt”?' })
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toBeHidden()
  expect((await bytesOf(s3, bucket, 'a.txt')).toString()).toBe('a.txt')

  await inspector.getByRole('button', { name: 'Delete' }).click()
  await confirm.getByRole('button', { name: 'Delete' }).click()
  await expect(row('a.txt')).toHaveCount(0)
  await expect(headOf(s3, bucket, 'a.txt')).rejects.toThrow()

  // b..c by Shift-click, then the folder and d by Ctrl-click.
  await row('b.txt').click()
  await row('c.txt').click({ modifiers: ['Shift'] })
  await row('old').click({ modifiers: ['Control'] })
  await expect(row('old')).toHaveAttribute('aria-selected', 'true')
  await expect(inspector.getByRole('heading', { name: '3 items selected' })).toBeVisible()
  await inspector.getByRole('button', { name: 'Delete' }).click()
  const many = page.getByRole('dialog', { name: 'Delete 2 objects and 1 folder?' })
  await expect(many).toContainText('Every object inside the folders goes too.')
  await expect(many.getByRole('list', { name: 'To delete' }).getByRole('listitem')).toHaveText([
    'b.txt',
    'c.txt',
    'old/',
  ])
  await many.getByRole('button', { name: 'Delete' }).click()
  await expect(many).toBeHidden()
  await expect(row('d.txt')).toBeVisible()
  await expect(row('b.txt')).toHaveCount(0)
  await expect(row('old')).toHaveCount(0)
  for (const key of ['b.txt', 'c.txt', 'old/1.txt', 'old/2.txt'])
    await expect(headOf(s3, bucket, key)).rejects.toThrow()
  expect((await bytesOf(s3, bucket, 'd.txt')).toString()).toBe('d.txt')
})

test('Download saves the object into the chosen folder, verified, beside a file of the same name', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  test.setTimeout(90_000)
  const big = randomBytes(20 * 1024 * 1024 + 17)
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'media/clip.mov', Body: big }))
  const folder = await localFiles({ 'clip.mov': 'a different file already here' })
  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'media', exact: true }).click()
  await objects.getByRole('row', { name: 'clip.mov', exact: true }).click()

  desktop.answerFolderPick(folder.dir)
  await page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('button', { name: 'Download' })
    .click()
  const row = transfers(page).getByRole('listitem', { name: 'clip.mov' })
  await expect(row).toContainText('from')
  await expect(row).toContainText('Verified', { timeout: 60_000 })
  await expect(row).toContainText('Done')
  expect((await readFile(join(folder.dir, 'clip (1).mov'))).equals(big)).toBe(true)
  expect((await readFile(folder.path('clip.mov'))).toString()).toBe('a different file already here')
  expect(desktop.pickRequests).toEqual(['Download to folder'])

  // Cancelling the folder dialog starts nothing.
  await page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('button', { name: 'Download' })
    .click()
  await expect.poll(() => desktop.pickRequests.length).toBe(2)
  await expect(transfers(page).getByRole('listitem', { name: 'clip.mov' })).toHaveCount(1)
  await writeFile(join(folder.dir, 'unused'), '')
  await folder.remove()
})

test('Copy or rename copies on the server, renames by copy then delete, and never replaces an object', async ({
  page,
  bucket,
  s3,
}) => {
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'draft.md', Body: 'words', Metadata: { author: 'kim' } }),
  )
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'taken.md', Body: 'other' }))
  const objects = await openBucket(page, bucket)
  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  await objects.getByRole('row', { name: 'draft.md', exact: true }).click()

  await inspector.getByRole('button', { name: 'Copy or rename' }).click()
  const dialog = page.getByRole('dialog', { name: 'Copy or rename “draft.md”' })
  const key = dialog.getByLabel('New key')
  await key.fill('taken.md')
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect(dialog.getByRole('alert')).toContainText(`s3://${bucket}/taken.md already exists`)
  expect((await bytesOf(s3, bucket, 'taken.md')).toString()).toBe('other')

  await key.fill('archive/draft-copy.md')
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect(dialog).toBeHidden()
  expect((await bytesOf(s3, bucket, 'archive/draft-copy.md')).toString()).toBe('words')
  expect(await metadataOf(s3, bucket, 'archive/draft-copy.md')).toEqual({ author: 'kim' })
  await expect(objects.getByRole('row', { name: 'archive', exact: true })).toBeVisible()

  await objects.getByRole('row', { name: 'draft.md', exact: true }).click()
  await inspector.getByRole('button', { name: 'Copy or rename' }).click()
  await key.fill('final.md')
  await dialog.getByRole('button', { name: 'Rename' }).click()
  await expect(dialog).toBeHidden()
  await expect(objects.getByRole('row', { name: 'final.md', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(objects.getByRole('row', { name: 'draft.md', exact: true })).toHaveCount(0)
  await expect(inspector.getByRole('heading', { name: 'final.md' })).toBeVisible()
  expect((await bytesOf(s3, bucket, 'final.md')).toString()).toBe('words')
  await expect(headOf(s3, bucket, 'draft.md')).rejects.toThrow()
})

test('Verify against a local file says whether a file on disk holds the object’s bytes', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  const body = randomBytes(4096)
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data.bin', Body: body }))
  const files = await localFiles({ 'same.bin': body, 'other.bin': randomBytes(4096), 'short.bin': 'x' })
  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'data.bin', exact: true }).click()
  const verify = page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('region', { name: 'Verify' })
  const button = verify.getByRole('button', { name: 'Verify against a local file' })

  desktop.answerFilePick(files.path('same.bin'))
  await button.click()
  await expect(verify.getByRole('status')).toContainText(
    'Equal: same.bin, the MD5 of the file equals the ETag',
  )
  desktop.answerFilePick(files.path('other.bin'))
  await button.click()
  await expect(verify.getByRole('status')).toContainText('Different: other.bin, the MD5 of the file is')
  desktop.answerFilePick(files.path('short.bin'))
  await button.click()
  await expect(verify.getByRole('status')).toContainText('the object has 4096 bytes, the file 1')
  expect(desktop.pickRequests).toEqual(Array(3).fill('Compare a local file with data.bin'))
  await files.remove()
})
