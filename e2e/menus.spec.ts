// The application menu's shortcuts in the page, commands relayed from the native menu, and
// the context menus of object rows and transfers, each driven as a person would.
import { execFileSync } from 'node:child_process'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet } from './support/app'
import { localFiles } from './support/local-files'

const MiB = 1024 * 1024

test('the menu shortcuts work in the page, and the native menu’s commands reach it', async ({
  page,
  bucket,
  s3,
  harness,
  desktop,
}) => {
  const main = harness!.host.main
  const objects = await openBucket(page, bucket)

  await page.keyboard.press('Control+Shift+L')
  const urlDialog = page.getByRole('dialog', { name: 'Upload from URL' })
  await expect(urlDialog).toBeVisible()
  // A shortcut does nothing while a dialog is open.
  await page.keyboard.press('Control+Comma')
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden()
  await page.keyboard.press('Escape')
  await expect(urlDialog).toBeHidden()

  await page.keyboard.press('Control+Comma')
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
  await page.keyboard.press('Escape')

  await page.keyboard.press('Control+N')
  await expect(page.getByRole('dialog', { name: 'Add connection' })).toBeVisible()
  await page.keyboard.press('Escape')

  // Upload files… and Upload folder… open the OS dialog of their kind.
  const files = await localFiles({ 'shortcut-pick.txt': 'picked\n' })
  desktop.answerUploadPick([files.path('shortcut-pick.txt')])
  await page.keyboard.press('Control+U')
  await expect(uploadSheet(page)).toBeVisible()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Control+Shift+U')
  await expect.poll(() => desktop.pickRequests).toEqual(['upload-files', 'upload-folder'])

  // Refresh lists what someone else put there meanwhile (and the page does not reload).
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'someone-put.txt', Body: 'x' }))
  await page.keyboard.press('Control+R')
  await expect(objects.getByRole('row', { name: 'someone-put.txt' })).toBeVisible()

  // Picked in the native menu (main relays it), the same command opens the same dialog.
  expect(main.menu('upload-url')).toBe('relayed')
  await expect(urlDialog).toBeVisible()
  await page.keyboard.press('Escape')
  expect(main.menu('show-transfers')).toBe('relayed')
  await expect(transfers(page)).toBeFocused()

  // About is main's own: a message box with the versions.
  expect(main.menu('about')).toBe('done')
  expect(desktop.messages).toHaveLength(1)
  expect(desktop.messages[0]!.message).toMatch(/^Ferry /)
  expect(desktop.messages[0]!.detail).toContain(`Node ${process.versions.node}`)
  await files.remove()
})

test('a row’s context menu downloads, copies links, renames, deletes and shows properties', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'quarterly.pdf', Body: 'pdf bytes' }))
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/readme.md', Body: 'readme' }))
  const objects = await openBucket(page, bucket)
  const row = (name: string) => objects.getByRole('row', { name, exact: true })
  const menu = page.getByRole('menu')
  const item = (name: string) => menu.getByRole('menuitem', { name })

  await row('quarterly.pdf').click({ button: 'right' })
  await expect(menu).toBeVisible()
  await expect(menu.getByRole('menuitem')).toHaveText([
    'Download',
    'Copy link',
    'Copy URL',
    'RenameF2',
    'DeleteDelete',
    'PropertiesAlt+Enter',
  ])
  // The right-clicked row is selected, as in a file manager.
  await expect(row('quarterly.pdf')).toHaveAttribute('aria-selected', 'true')
  await item('Copy link').click()
  await expect(menu).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible()
  expect(desktop.clipboard).toContain(`/${bucket}/quarterly.pdf?`)
  expect(desktop.clipboard).toContain('X-Amz-Signature=')
  const link = await fetch(desktop.clipboard)
  expect(await link.text()).toBe('pdf bytes')

  await row('quarterly.pdf').click({ button: 'right' })
  await item('Copy URL').click()
  await expect.poll(() => desktop.clipboard).toBe(`s3://${bucket}/quarterly.pdf`)

  // Download asks for a folder, then the file arrives there.
  const folder = await localFiles({})
  desktop.answerFolderPick(folder.dir)
  await row('quarterly.pdf').click({ button: 'right' })
  await item('Download').click()
  await expect(transfers(page).getByRole('listitem', { name: 'quarterly.pdf' })).toContainText('Done')

  await row('quarterly.pdf').click({ button: 'right' })
  await item('Properties').click()
  await expect(
    page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { level: 2 }),
  ).toHaveText('quarterly.pdf')

  await row('quarterly.pdf').click({ button: 'right' })
  await item('Rename').click()
  await expect(page.getByRole('dialog', { name: 'Copy or rename “quarterly.pdf”' })).toBeVisible()
  await page.keyboard.press('Escape')

  // A folder: no link to sign, nothing to rename.
  await row('docs').click({ button: 'right' })
  await expect(item('Copy link')).toHaveAttribute('aria-disabled', 'true')
  await expect(item('Rename')).toHaveAttribute('aria-disabled', 'true')
  await item('Delete').click()
  await expect(page.getByRole('dialog', { name: /^Delete / })).toBeVisible()
  await page.keyboard.press('Escape')

  // From the keyboard: the menu key opens it on the selected row, arrows move, Escape closes.
  await objects.getByLabel('Object rows').focus()
  await page.keyboard.press('End')
  await expect(row('quarterly.pdf')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Shift+F10')
  await expect(item('Download')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(item('Copy link')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await page.keyboard.press('F2')
  await expect(page.getByRole('dialog', { name: 'Copy or rename “quarterly.pdf”' })).toBeVisible()
  await page.keyboard.press('Escape')
  await folder.remove()
})

test('a transfer’s context menu pauses, resumes, cancels, shows the file and copies the error', async ({
  page,
  bucket,
  s3,
  harness,
  desktop,
}) => {
  test.setTimeout(120_000)
  // Slow enough to catch the big upload running; restored at the end.
  const main = harness!.host.main
  const before = await main.dispatch('settings:get', {})
  await main.dispatch('settings:save', { maxBytesPerSecond: 4 * MiB })
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'occupied.txt', Body: 'someone else’s' }))
  const files = await localFiles({ 'occupied.txt': 'mine' })
  execFileSync('truncate', ['-s', String(200 * MiB), files.path('huge.iso')])
  await openBucket(page, bucket)
  desktop.answerUploadPick([files.path('huge.iso'), files.path('occupied.txt')])
  await page.getByRole('button', { name: 'Upload...' }).click()
  await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()

  const panel = transfers(page)
  const row = (name: string) => panel.getByRole('listitem', { name })
  const menu = page.getByRole('menu')
  const item = (name: string) => menu.getByRole('menuitem', { name })

  await expect(row('huge.iso')).toContainText(/Uploading|Preparing|Queued/)
  await row('huge.iso').click({ button: 'right' })
  await item('Pause').click()
  await expect(row('huge.iso')).toContainText('Paused', { timeout: 30_000 })
  // Paused, the big one lets the small one run (and fail: its key is taken).
  await expect(row('occupied.txt')).toContainText('Failed')
  await row('occupied.txt').click({ button: 'right' })
  await expect(item('Pause')).toHaveAttribute('aria-disabled', 'true')
  await expect(item('Retry')).not.toHaveAttribute('aria-disabled', 'true')
  await item('Copy error').click()
  await expect.poll(() => desktop.clipboard).toContain(`s3://${bucket}/occupied.txt already exists`)
  expect(desktop.clipboard).toContain('Fix: ')

  await row('huge.iso').click({ button: 'right' })
  await expect(item('Pause')).toHaveAttribute('aria-disabled', 'true')
  await item('Resume').click()
  await expect(row('huge.iso')).toContainText(/Uploading|Preparing|Queued|Verifying/)
  await row('huge.iso').click({ button: 'right' })
  await item('Cancel').click()
  await expect(row('huge.iso')).toContainText('Cancelled', { timeout: 30_000 })

  // A finished download: Show in folder opens the file manager at the file.
  const folder = await localFiles({})
  desktop.answerFolderPick(folder.dir)
  const objects = page.getByRole('table', { name: 'Objects' })
  await objects.getByRole('row', { name: 'occupied.txt', exact: true }).click({ button: 'right' })
  await item('Download').click()
  const download = panel.getByRole('listitem', { name: 'occupied.txt' }).filter({ hasText: 'from ' })
  await expect(download).toContainText('Done')
  await download.click({ button: 'right' })
  await item('Show in folder').click()
  await expect.poll(() => desktop.shown).toEqual([folder.path('occupied.txt')])
  await files.remove()
  await folder.remove()
  if (before.ok) await main.dispatch('settings:save', before.value)
})
