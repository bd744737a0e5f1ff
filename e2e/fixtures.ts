// The contract every end-to-end spec is written against:
//   page      the app UI, loaded, with a saved connection named `local` pointing at the test server
//   bucket    the name of a fresh, empty bucket on that server
//   s3        an S3Client for that server, for assertions
//   dropFiles drags files and folders from disk onto an element, as a person would
//   desktop   the main side's desktop (chromium project): queue file-dialog answers, read
//             taskbar progress, notifications and the clipboard
// The chromium project runs the built renderer in Chromium with window.ferry wired to the
// built headless main in this process; the electron project runs the real app.
import { randomBytes } from 'node:crypto'
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3'
import { test as base, expect, type Page } from '@playwright/test'
import { chromiumDropFiles, electronDropFiles, type DropFiles } from './support/drop'
import { electronUnavailableReason, launchElectronApp } from './support/electron-app'
import { startHeadlessHost, type HeadlessHost } from './support/headless-host'
import { connectPageToMain } from './support/page-bridge'
import { assertionClient, s3ServerFromEnv, type S3Server } from './support/s3-server'
import { serveDirectory } from './support/static-server'
import { clearTransfers } from './support/transfers-reset'
import type { RecordingDesktop } from '../src/main/core/node-adapters/recording-desktop'
import { BUILT_RENDERER } from './support/paths'

export type Shell = 'chromium' | 'electron'

export interface FerryWorkerOptions {
  /** Which shell runs the renderer; set per project in playwright.config.ts. */
  shell: Shell
}

interface WorkerFixtures extends FerryWorkerOptions {
  server: S3Server
  s3: S3Client
  /** The chromium project's main side and renderer server; null under Electron. */
  harness: { host: HeadlessHost; url: string } | null
}

interface TestFixtures {
  electronGate: void
  bucket: string
  dropFiles: DropFiles
  desktop: RecordingDesktop
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  shell: ['chromium', { scope: 'worker', option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  server: [async ({}, use) => use(s3ServerFromEnv()), { scope: 'worker' }],

  s3: [
    async ({ server }, use) => {
      const client = assertionClient(server)
      await use(client)
      client.destroy()
    },
    { scope: 'worker' },
  ],

  harness: [
    async ({ shell, server }, use) => {
      if (shell !== 'chromium') return use(null)
      const host = await startHeadlessHost(server)
      const web = await serveDirectory(BUILT_RENDERER)
      await use({ host, url: web.url })
      await web.close()
      await host.close()
    },
    { scope: 'worker' },
  ],

  // Runs first in every test: the electron project skips, with its reason in the report,
  // unless it can really run.
  electronGate: [
    async ({ shell }, use) => {
      const reason = shell === 'electron' ? electronUnavailableReason() : null
      test.skip(reason !== null, reason ?? '')
      await use()
    },
    { auto: true },
  ],

  bucket: async ({ s3 }, use) => {
    const name = `ferry-e2e-${randomBytes(5).toString('hex')}`
    await s3.send(new CreateBucketCommand({ Bucket: name }))
    await use(name)
    await emptyAndDeleteBucket(s3, name)
  },

  // The bucket is created first, so the app lists it when it loads.
  page: async ({ shell, page, harness, server, bucket: _bucket }, use) => {
    if (shell === 'electron') {
      const launched = await launchElectronApp(server)
      await waitForShell(launched.page)
      await use(launched.page)
      await launched.close()
      return
    }
    const bridge = await connectPageToMain(page, harness!.host.main)
    await page.goto(harness!.url)
    await waitForShell(page)
    await use(page)
    bridge.close()
    expect(bridge.failures, 'bridge events the page failed to receive').toEqual([])
    await clearTransfers(harness!.host.main)
  },

  // The OS dialogs of the real app cannot be answered from a test; the headless host's can.
  desktop: async ({ harness }, use) => {
    test.skip(harness === null, 'needs the headless desktop: OS dialogs cannot be answered in Electron')
    const desktop = harness!.host.main.desktop
    desktop.reset()
    await use(desktop)
    desktop.reset()
  },

  dropFiles: async ({ shell, page }, use) => {
    await use(shell === 'electron' ? electronDropFiles(page) : chromiumDropFiles(page))
  },
})

export { expect }

/** The shell is loaded when the `local` connection is listed and picked. */
export async function waitForShell(page: Page): Promise<void> {
  const connections = page.getByRole('navigation', { name: 'Connections' })
  await expect(connections.getByRole('button', { name: 'local', exact: true })).toHaveAttribute(
    'aria-current',
    'true',
  )
}

async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))
  for (const upload of uploads.Uploads ?? []) {
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }),
    )
  }
  let token: string | undefined
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))
    for (const object of page.Contents ?? [])
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }))
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }))
}
