import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { Browser, Page } from '@playwright/test'
import { test, expect, waitForShell } from './fixtures'
import { openBucket, transfers, uploadSheet, folderAction } from './support/app'
import { startHeadlessHost, type HeadlessHost } from './support/headless-host'
import { localFiles } from './support/local-files'
import { connectPageToMain } from './support/page-bridge'
import { BUILT_RENDERER } from './support/paths'
import type { S3Server } from './support/s3-server'
import { serveDirectory } from './support/static-server'

interface Run {
  host: HeadlessHost
  page: Page
  stop(): Promise<void>
}

/** One run of the app: its main side on the given state folder, and a fresh window. */
async function startApp(browser: Browser, server: S3Server, stateDir: string, url: string): Promise<Run> {
  const host = await startHeadlessHost(server, { stateDir })
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const bridge = await connectPageToMain(page, host.main)
  await page.goto(url)
  await waitForShell(page)
  return {
    host,
    page,
    async stop() {
      await context.close()
      bridge.close()
      await host.close()
    },
  }
}

test('after a restart the transfer history, the last connection and the open folder come back', async ({
  browser,
  server,
  harness,
  bucket,
  s3,
}) => {
  test.skip(harness === null, 'restarts the headless host; the electron project restarts the app differently')
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'photos/2024/old.jpg', Body: 'x' }))
  const stateDir = await mkdtemp(join(tmpdir(), 'ferry-e2e-restart-'))
  const web = await serveDirectory(BUILT_RENDERER)
  const files = await localFiles({ 'notes.txt': 'kept across restarts' })
  try {
    const first = await startApp(browser, server, stateDir, web.url)
    const objects = await openBucket(first.page, bucket)
    await objects.getByRole('row', { name: 'photos', exact: true }).click()
    await objects.getByRole('row', { name: '2024', exact: true }).click()
    await expect(objects.getByRole('row', { name: 'old.jpg', exact: true })).toBeVisible()
    first.host.main.desktop.answerUploadPick([files.path('notes.txt')])
    await folderAction(first.page, 'Upload...')
    await uploadSheet(first.page).getByRole('button', { name: 'Start upload' }).click()
    await expect(transfers(first.page).getByRole('listitem', { name: 'notes.txt' })).toContainText('Verified')
    const connectionId = first.host.local.id
    await expect
      .poll(async () => (await first.host.main.dispatch('app:last-location', {})) as unknown)
      .toEqual({ ok: true, value: { connectionId, bucket, prefix: 'photos/2024/' } })
    await first.stop()

    const second = await startApp(browser, server, stateDir, web.url)
    const breadcrumb = second.page.getByRole('navigation', { name: 'Breadcrumb' })
    await expect(breadcrumb.getByRole('listitem')).toHaveText([bucket, 'photos', '2024'])
    const table = second.page.getByRole('grid', { name: 'Objects' })
    await expect(table.getByRole('row', { name: 'notes.txt', exact: true })).toBeVisible()
    const row = transfers(second.page).getByRole('listitem', { name: 'notes.txt' })
    await expect(row).toContainText('Done')
    await expect(row).toContainText(`to ${bucket}/photos/2024/notes.txt`)
    await second.stop()
  } finally {
    await web.close()
    await files.remove()
    await rm(stateDir, { recursive: true, force: true })
  }
})
