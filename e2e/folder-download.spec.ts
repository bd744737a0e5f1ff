import { randomBytes } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers } from './support/app'
import { localFiles } from './support/local-files'
import { shot } from './support/shots'

const MiB = 1024 * 1024

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

test('Download on two folders and an object writes every object under them, structure kept, byte for byte', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  const bodies: Record<string, Buffer> = {
    'photos/2024/a.jpg': randomBytes(3000),
    'photos/2024/trip/b.bin': randomBytes(12 * MiB + 17),
    'photos/2024/trip/c.txt': Buffer.from('third'),
    'photos/2025/d.txt': Buffer.from('fourth'),
    'photos/top.txt': Buffer.from('loose object'),
    'photos/left-out.txt': Buffer.from('not selected'),
    'elsewhere/x.txt': Buffer.from('another folder'),
  }
  for (const [key, body] of Object.entries(bodies))
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
  const into = await localFiles({})

  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'photos', exact: true }).click()
  await objects.getByRole('row', { name: '2024', exact: true }).click({ modifiers: ['Control'] })
  await objects.getByRole('row', { name: '2025', exact: true }).click({ modifiers: ['Control'] })
  await objects.getByRole('row', { name: 'top.txt', exact: true }).click({ modifiers: ['Control'] })
  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  await expect(inspector.getByRole('heading', { name: '3 items selected' })).toBeVisible()

  desktop.answerFolderPick(into.dir)
  await inspector.getByRole('button', { name: 'Download' }).click()
  const panel = transfers(page)
  for (const name of ['a.jpg', 'b.bin', 'c.txt', 'd.txt', 'top.txt']) {
    const row = panel.getByRole('listitem', { name })
    await expect(row).toContainText('Done', { timeout: 60_000 })
    // The panel names the proof: these small objects have MD5 ETags.
    await expect(row).toContainText('Verified · MD5 ETag')
  }
  expect(desktop.pickRequests).toEqual(['Download 3 items to folder'])
  await shot(page, 'folder-download')
  expect(await filesUnder(into.dir)).toEqual([
    '2024/a.jpg',
    '2024/trip/b.bin',
    '2024/trip/c.txt',
    '2025/d.txt',
    'top.txt',
  ])
  for (const [local, key] of [
    ['2024/a.jpg', 'photos/2024/a.jpg'],
    ['2024/trip/b.bin', 'photos/2024/trip/b.bin'],
    ['2024/trip/c.txt', 'photos/2024/trip/c.txt'],
    ['2025/d.txt', 'photos/2025/d.txt'],
    ['top.txt', 'photos/top.txt'],
  ] as const) {
    expect((await readFile(into.path(local))).equals(bodies[key]!), local).toBe(true)
  }

  // A finished download opens the file manager at its file.
  await panel
    .getByRole('listitem', { name: 'b.bin' })
    .getByRole('button', { name: 'Show b.bin in folder' })
    .click()
  await expect.poll(() => desktop.shown).toEqual([into.path('2024/trip/b.bin')])

  // The same folder again lands beside the first, never over it.
  await objects.getByRole('row', { name: '2024', exact: true }).click({ modifiers: ['Control'] })
  await objects.getByRole('row', { name: 'top.txt', exact: true }).click({ modifiers: ['Control'] })
  await expect(inspector.getByRole('heading', { name: '2025' })).toBeVisible()
  desktop.answerFolderPick(into.dir)
  await inspector.getByRole('button', { name: 'Download' }).click()
  await expect(panel.getByRole('listitem', { name: 'd.txt' })).toHaveCount(2)
  await expect(panel.getByRole('listitem', { name: 'd.txt' }).nth(0)).toContainText('Done')
  await expect.poll(() => filesUnder(into.dir)).toContain('2025 (1)/d.txt')
  expect((await readFile(into.path('2025 (1)/d.txt'))).equals(bodies['photos/2025/d.txt']!)).toBe(true)
  expect((await readFile(into.path('2025/d.txt'))).equals(bodies['photos/2025/d.txt']!)).toBe(true)
  await into.remove()
})
