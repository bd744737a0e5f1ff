// "Upload from URL...": a file served over HTTP on this machine streams into the bucket and
// shows in the transfers panel like any upload, verified.
import { test, expect } from './fixtures'
import { openBucket, transfers, folderAction } from './support/app'
import { bytesOf } from './support/s3-objects'
import { randomSource, startHttpSource } from '../test/support/source-servers'

test('Upload from URL streams an HTTP source into the bucket, checked against its Content-MD5', async ({
  page,
  bucket,
  s3,
}) => {
  const server = await startHttpSource({ digestHeader: 'content-md5' })
  const bytes = randomSource(11 * 1024 * 1024 + 5)
  server.put('data.bin', bytes)
  try {
    await openBucket(page, bucket)
    await folderAction(page, 'Upload from URL…')
    const dialog = page.getByRole('dialog', { name: 'Upload from URL' })
    await dialog.getByLabel('URL', { exact: true }).fill('sftp://example.com/data.bin')
    await expect(dialog).toContainText('Use an http://, https://, ftp:// or file:// URL.')
    await expect(dialog.getByRole('button', { name: 'Start upload' })).toBeDisabled()
    await dialog.getByLabel('URL', { exact: true }).fill(server.url('data.bin'))
    await dialog.getByRole('button', { name: 'Start upload' }).click()
    await expect(dialog).toBeHidden()

    const row = transfers(page).getByRole('listitem', { name: 'data.bin' })
    await expect(row).toContainText('Verified', { timeout: 60_000 })
    expect((await bytesOf(s3, bucket, 'data.bin')).equals(bytes)).toBe(true)
    // Two parts of 8 MiB, each fetched by its own ranged GET with If-Range.
    expect(server.rangeGets('data.bin').filter((r) => r.ifRange)).toHaveLength(2)
  } finally {
    await server.close()
  }
})
