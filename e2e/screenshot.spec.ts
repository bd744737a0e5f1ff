// Refreshes docs/screenshot.png, the README's picture, from the running app with real content:
//   FERRY_SCREENSHOT=1 npx playwright test --project screenshot
// Only the screenshot project (present only with FERRY_SCREENSHOT=1) runs this file.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { Result } from '../src/shared/errors'
import { test, expect } from './fixtures'
import type { PageWindow } from './support/page-globals'
import { ROOT } from './support/paths'

const MiB = 1024 * 1024

/** What the bucket holds before the picture: a few folders and objects of plausible sizes. */
const EXISTING: Array<[string, number]> = [
  ['site/assets/.keep', 0],
  ['site/downloads/.keep', 0],
  ['site/releases/.keep', 0],
  ['site/index.html', 18_204],
  ['site/robots.txt', 67],
  ['site/hero-video.mp4', 23 * MiB + 331_112],
  ['site/press-kit.zip', 9 * MiB + 80_007],
  ['site/favicon.svg', 2_311],
  ['site/sitemap.xml', 41_937],
]

async function writeSized(path: string, size: number): Promise<void> {
  const chunk = randomBytes(8 * MiB)
  const out = createWriteStream(path)
  for (let left = size; left > 0; left -= chunk.length) {
    if (!out.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
  }
  out.end()
  await finished(out)
}

test('screenshot of the main window', async ({ page, bucket, s3, dropFiles }) => {
  test.setTimeout(300_000)
  for (const [key, size] of EXISTING) {
    const headers = key.endsWith('index.html')
      ? {
          ContentType: 'text/html; charset=utf-8',
          CacheControl: 'max-age=300',
          Metadata: { owner: 'web-team', release: '1.4.0' },
        }
      : {}
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(size, 7), ...headers }))
  }
  const dir = await mkdtemp(join(tmpdir(), 'ferry-shot-'))
  const small = { 'changelog.md': 7_412, 'logo-dark.png': 48_213, 'install-guide.pdf': 2 * MiB + 118_000 }
  for (const [name, size] of Object.entries(small)) await writeFile(join(dir, name), randomBytes(size))
  const large = { 'ferry-1.4.0-x64.dmg': 640 * MiB, 'ferry-1.4.0-arm64.AppImage': 900 * MiB }
  for (const [name, size] of Object.entries(large)) await writeSized(join(dir, name), size)

  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('grid', { name: 'Objects' })
  await objects.getByRole('row', { name: 'site', exact: true }).click()
  await expect(objects.getByRole('row', { name: 'index.html', exact: true })).toBeVisible()

  const transfers = page.getByRole('region', { name: 'Transfers' })
  await dropFiles(
    objects,
    Object.keys(small).map((name) => join(dir, name)),
  )
  await page
    .getByRole('dialog', { name: /^Upload to / })
    .getByRole('button', { name: 'Start upload' })
    .click()
  for (const name of Object.keys(small)) {
    await expect(transfers.getByRole('listitem', { name })).toContainText('Verified', { timeout: 60_000 })
  }

  // The large files go through the same bridge call a drop makes; the harness's drop would
  // copy their bytes into the page, which a picture does not need.
  const connectionId = await page.evaluate(async () => {
    const result = (await (globalThis as unknown as PageWindow).ferry.listConnections()) as Result<
      { id: string }[]
    >
    return result.ok ? result.value[0]!.id : ''
  })
  const started = await page.evaluate(
    (request) => (globalThis as unknown as PageWindow).ferry.upload(request),
    {
      connectionId,
      bucket,
      prefix: 'site/releases/',
      paths: Object.keys(large).map((name) => join(dir, name)),
    },
  )
  expect(started.ok).toBe(true)

  const [first, second] = Object.keys(large) as [string, string]
  const progressOf = async (name: string) => {
    const bar = transfers.getByRole('listitem', { name }).getByRole('progressbar')
    return Number(await bar.getAttribute('value')) / Number(await bar.getAttribute('max'))
  }
  await expect.poll(() => progressOf(first), { intervals: [50] }).toBeGreaterThan(0.2)
  await transfers.getByRole('listitem', { name: first }).getByRole('button', { name: 'Pause' }).click()
  await expect(transfers.getByRole('listitem', { name: first })).toContainText('Paused')
  // Catch the other one mid-flight, with its speed showing.
  await expect.poll(() => progressOf(second), { intervals: [50] }).toBeGreaterThan(0.3)

  // The inspector beside the list, showing an object's headers and metadata.
  await objects.getByRole('row', { name: 'index.html', exact: true }).click()
  await expect(
    page.getByRole('complementary', { name: 'Inspector' }).getByRole('form', { name: 'Metadata' }),
  ).toBeVisible()
  await page.screenshot({ path: join(ROOT, 'docs/screenshot.png') })
  await transfers.getByRole('listitem', { name: second }).getByRole('button', { name: 'Cancel' }).click()
  await transfers.getByRole('listitem', { name: first }).getByRole('button', { name: 'Cancel' }).click()
  await rm(dir, { recursive: true, force: true })
})
