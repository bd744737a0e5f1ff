import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { encodeMtime } from '../src/shared/mtime-meta'
import { test, expect } from './fixtures'
import { addMetadata, openBucket, transfers, uploadSheet } from './support/app'
import { localFiles } from './support/local-files'
import { bytesOf, headOf, metadataOf } from './support/s3-objects'

test('dropping two files and a folder with metadata uploads them into the open folder', async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  test.setTimeout(120_000)
  // One file above the usual multipart threshold, one tiny, and a folder with a subfolder.
  const contents: Record<string, Buffer> = {
    'large.bin': randomBytes(12 * 1024 * 1024 + 123),
    'small.txt': Buffer.from('hello from ferry\n'),
    'album/cover.png': randomBytes(70_001),
    'album/tracks/one.txt': Buffer.from('first track'),
  }
  const files = await localFiles(contents)
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/existing.txt', Body: 'already here' }))

  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'incoming', exact: true }).click()
  await expect(objects.getByRole('row', { name: 'existing.txt', exact: true })).toBeVisible()

  await dropFiles(objects, [files.path('large.bin'), files.path('small.txt'), files.path('album')])

  // Nothing is sent before the sheet is confirmed; it lists every file with its key.
  const sheet = uploadSheet(page)
  await expect(sheet).toBeVisible()
  await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(`Upload to ${bucket}/incoming/`)
  const planned = sheet.getByRole('list', { name: 'Files to upload' })
  for (const relative of Object.keys(contents)) {
    await expect(planned.getByRole('listitem', { name: `incoming/${relative}`, exact: true })).toBeVisible()
  }
  await expect(sheet).toContainText('4 files')
  await sheet.getByLabel('Cache-Control', { exact: true }).fill('max-age=300')
  await addMetadata(sheet, 'owner', 'alice')
  await addMetadata(sheet, 'note', 'Zoë’s café ☕')
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(sheet).toBeHidden()

  const panel = transfers(page)
  for (const name of ['large.bin', 'small.txt', 'cover.png', 'one.txt']) {
    const row = panel.getByRole('listitem', { name, exact: true })
    await expect(row).toContainText('Done', { timeout: 60_000 })
    await expect(row).toContainText('Verified')
    const progress = row.getByRole('progressbar')
    await expect(progress).toHaveAttribute('value', (await progress.getAttribute('max'))!)
  }
  await expect(panel.getByRole('alert')).toHaveCount(0)

  for (const [relative, body] of Object.entries(contents)) {
    const key = `incoming/${relative}`
    expect((await bytesOf(s3, bucket, key)).equals(body), `${key} holds the dropped bytes`).toBe(true)
    // Non-ASCII metadata survives the trip (RFC 2047 on the wire).
    // Ferry adds each file's own time as x-amz-meta-mtime.
    expect(await metadataOf(s3, bucket, key), `${key} metadata`).toEqual({
      owner: 'alice',
      note: 'Zoë’s café ☕',
      mtime: encodeMtime(statSync(files.path(relative)).mtimeMs),
    })
    expect((await headOf(s3, bucket, key)).CacheControl).toBe('max-age=300')
  }
  // Blank Content-Type: guessed per file.
  expect((await headOf(s3, bucket, 'incoming/album/cover.png')).ContentType).toBe('image/png')
  expect((await headOf(s3, bucket, 'incoming/small.txt')).ContentType).toMatch(/^text\/plain/)
  // The open folder refreshes as the uploads land.
  await expect(objects.getByRole('row', { name: 'large.bin', exact: true })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'album', exact: true })).toBeVisible()

  await files.remove()
})

test('items without a path on disk are refused with the reason', async ({ page, bucket }) => {
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('grid', { name: 'Objects' })
  await expect(page.getByText('This folder is empty')).toBeVisible()
  // A File made by a web page (not from disk) has no path: pathForFile answers ''.
  const dataTransfer = await page.evaluateHandle(() => {
    const w = globalThis as unknown as {
      DataTransfer: new () => { items: { add(f: unknown): void } }
      File: new (b: string[], n: string) => unknown
    }
    const transfer = new w.DataTransfer()
    transfer.items.add(new w.File(['x'], 'from-the-web.txt'))
    return transfer
  })
  await objects.dispatchEvent('dragenter', { dataTransfer })
  await objects.dispatchEvent('drop', { dataTransfer })
  const alert = page.getByRole('region', { name: 'Transfers' }).getByRole('alert')
  await expect(alert).toContainText('Not uploaded, no path on disk: from-the-web.txt')
  await expect(alert).toContainText('Drop files and folders from the file manager')
})
