import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'

async function bytesOf(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return Buffer.from(await out.Body!.transformToByteArray())
}

test('dropping two files and a folder uploads them into the open folder', async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  test.setTimeout(120_000)
  const dir = await mkdtemp(join(tmpdir(), 'ferry-drop-'))
  // One file above the usual multipart threshold, one tiny, and a folder with a subfolder.
  const contents: Record<string, Buffer> = {
    'large.bin': randomBytes(12 * 1024 * 1024 + 123),
    'small.txt': Buffer.from('hello from ferry\n'),
    'album/cover.png': randomBytes(70_001),
    'album/tracks/one.txt': Buffer.from('first track'),
  }
  for (const [relative, body] of Object.entries(contents)) {
    await mkdir(join(dir, relative, '..'), { recursive: true })
    await writeFile(join(dir, relative), body)
  }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/existing.txt', Body: 'already here' }))

  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('table', { name: 'Objects' })
  await objects.getByRole('row', { name: 'incoming', exact: true }).click()
  await expect(objects.getByRole('row', { name: 'existing.txt', exact: true })).toBeVisible()

  await dropFiles(objects, [join(dir, 'large.bin'), join(dir, 'small.txt'), join(dir, 'album')])

  const transfers = page.getByRole('region', { name: 'Transfers' })
  for (const name of ['large.bin', 'small.txt', 'cover.png', 'one.txt']) {
    const row = transfers.getByRole('listitem', { name, exact: true })
    await expect(row).toContainText('Done', { timeout: 60_000 })
    await expect(row).toContainText('Verified')
    const progress = row.getByRole('progressbar')
    await expect(progress).toHaveAttribute('value', (await progress.getAttribute('max'))!)
  }
  await expect(transfers.getByRole('alert')).toHaveCount(0)

  for (const [relative, body] of Object.entries(contents)) {
    expect(
      (await bytesOf(s3, bucket, `incoming/${relative}`)).equals(body),
      `incoming/${relative} holds the dropped bytes`,
    ).toBe(true)
  }
  // The open folder refreshes as the uploads land.
  await expect(objects.getByRole('row', { name: 'large.bin', exact: true })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'album', exact: true })).toBeVisible()

  await rm(dir, { recursive: true, force: true })
})

test('items without a path on disk are refused with the reason', async ({ page, bucket }) => {
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('table', { name: 'Objects' })
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
