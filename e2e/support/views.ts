// A tour of every view of the window, for the layout specs and the accessibility audit: at
// each stop `visit` is called with what is on screen, and the view is closed again after.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { expect, type Page } from '@playwright/test'
import type { RecordingDesktop } from '../../src/main/core/node-adapters/recording-desktop'
import { folderAction, openBucket, transfers, uploadSheet } from './app'
import { localFiles } from './local-files'

/** A path deep enough that its middle folders must collapse in a narrow window. */
export const DEEP = ['projects', '2026', 'quarterly-reports', 'marketing-department', 'final-versions']
export const LONG_NAME = 'readme-with-a-rather-long-name-that-will-not-fit-in-a-narrow-list.md'

export type Visit = (view: string) => Promise<void>

/** Objects under the deep path, then the bucket open at its deepest folder with one object picked. */
export async function openDeepFolder(page: Page, s3: S3Client, bucket: string): Promise<void> {
  const prefix = DEEP.join('/') + '/'
  for (const key of ['report.txt', LONG_NAME])
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + key, Body: 'hello' }))
  const objects = await openBucket(page, bucket)
  for (const folder of DEEP) await objects.getByRole('row', { name: folder, exact: true }).click()
  await objects.getByRole('row', { name: 'report.txt', exact: true }).click()
  await expect(
    page.getByRole('complementary', { name: 'Inspector' }).getByRole('form', { name: 'Metadata' }),
  ).toBeVisible()
}

/** Every view, from the open deep folder: the browser with its inspector, transfers, menus, dialogs. */
export async function tourViews(
  page: Page,
  bucket: string,
  desktop: RecordingDesktop,
  visit: Visit,
): Promise<void> {
  await visit('browser with the inspector')

  const actions = page.getByRole('group', { name: 'Folder actions' })
  const more = actions.getByRole('button', { name: 'More actions' })
  if (await more.isVisible()) {
    await more.click()
    await expect(page.getByRole('menu', { name: 'More actions' })).toBeVisible()
    await visit('toolbar More menu')
    await page.keyboard.press('Escape')
  }
  const hidden = page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('button', { name: /more folders?$/ })
  if (await hidden.isVisible()) {
    await hidden.click()
    await visit('breadcrumb menu')
    await page.keyboard.press('Escape')
  }

  const files = await localFiles({ 'one.txt': 'one', 'two.txt': 'two' })
  desktop.answerUploadPick([files.path('one.txt'), files.path('two.txt')])
  await folderAction(page, 'Upload...')
  await expect(uploadSheet(page)).toBeVisible()
  await visit('upload sheet')
  await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()
  // Other tests of this worker may have uploaded a two.txt too: this one went to this bucket.
  await expect(
    transfers(page).getByRole('listitem', { name: 'two.txt' }).filter({ hasText: bucket }),
  ).toContainText('Verified', { timeout: 60_000 })
  await visit('transfers')
  await files.remove()

  // The context menus of a row and of a transfer.
  const menus: [string, () => Promise<void>][] = [
    [
      'row context menu',
      () =>
        page
          .getByRole('grid', { name: 'Objects' })
          .getByRole('row', { name: 'report.txt', exact: true })
          .click({ button: 'right' }),
    ],
    [
      'transfer context menu',
      () =>
        transfers(page)
          .getByRole('listitem', { name: 'two.txt' })
          .filter({ hasText: bucket })
          .click({ button: 'right' }),
    ],
  ]
  for (const [view, open] of menus) {
    await open()
    const menu = page.getByRole('menu', { name: /^Actions for / })
    await expect(menu).toBeVisible()
    await visit(view)
    await page.keyboard.press('Escape')
    await expect(menu).toBeHidden()
  }

  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  const dialogs: [string, () => Promise<void>, string][] = [
    ['Add connection', () => page.getByRole('button', { name: 'Add connection' }).click(), 'Add connection'],
    ['Settings', () => page.getByRole('button', { name: 'Settings', exact: true }).click(), 'Settings'],
    ['Sync sheet', () => folderAction(page, 'Sync...'), `Sync `],
    ['New folder', () => folderAction(page, 'New folder'), 'New folder'],
    ['Find', () => folderAction(page, 'Find…'), 'Find in '],
    ['Upload from URL', () => folderAction(page, 'Upload from URL…'), 'Upload from URL'],
    ['Incomplete uploads', () => folderAction(page, 'Incomplete uploads'), 'Incomplete uploads'],
    [
      'Copy or rename',
      () => inspector.getByRole('button', { name: 'Copy or rename' }).click(),
      'Copy or rename',
    ],
    ['Delete', () => inspector.getByRole('button', { name: 'Delete', exact: true }).click(), 'Delete '],
  ]
  for (const [view, open, title] of dialogs) {
    await open()
    const dialog = page.getByRole('dialog', { name: new RegExp(`^${title}`) })
    await expect(dialog).toBeVisible()
    await visit(view)
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
  }
}
