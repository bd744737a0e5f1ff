import { randomBytes } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { DEFAULT_SETTINGS, type Settings } from '../src/shared/settings'
import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet } from './support/app'
import { localFiles } from './support/local-files'
import { headOf } from './support/s3-objects'

const MiB = 1024 * 1024

test('settings are checked as typed, kept by main, and the next upload follows them', async ({
  page,
  bucket,
  s3,
  harness,
  desktop,
}) => {
  const main = harness!.host.main
  const files = await localFiles({ 'video.bin': randomBytes(12 * MiB) })
  try {
    await page.getByRole('button', { name: 'Settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Settings' })
    const partSize = dialog.getByLabel('Part size (MiB)')
    await expect(partSize).toHaveValue('8')
    await partSize.fill('4')
    await expect(dialog.getByText("at least 5 MiB, S3's smallest part; enter 5 or more")).toBeVisible()
    await expect(dialog.getByRole('button', { name: 'Save settings' })).toBeDisabled()
    await partSize.fill('5')
    await dialog.getByLabel('Concurrency').fill('65')
    await expect(dialog.getByText('enter 64 or less')).toBeVisible()
    await dialog.getByLabel('Concurrency').fill('2')
    await dialog.getByLabel('Bandwidth limit (MiB/s)').fill('0.01')
    await expect(dialog.getByText('at least 64 KiB/s; enter 0 for no limit')).toBeVisible()
    await dialog.getByLabel('Bandwidth limit (MiB/s)').fill('')
    await dialog.getByRole('radio', { name: 'Overwrite' }).check()
    await dialog.getByLabel('Keep the computer awake').selectOption('never')
    await dialog.getByLabel('Resume unfinished transfers when Ferry starts').uncheck()
    await dialog.getByLabel('Open Ferry at login (in the tray, without a window)').check()
    await dialog.getByRole('button', { name: 'Save settings' }).click()
    await expect(dialog).toBeHidden()

    const expected: Settings = {
      partSize: 5 * MiB,
      concurrency: 2,
      maxBytesPerSecond: 0,
      ifExists: 'overwrite',
      keepAwake: 'never',
      resumeOnStart: false,
      openAtLogin: true,
    }
    expect(await main.dispatch('settings:get', {})).toEqual({ ok: true, value: expected })
    // The login item follows the setting through the desktop port.
    expect(desktop.openAtLogin).toBe(true)
    // Main refuses what the form would not send, with a message that says what to enter.
    const refused = await main.dispatch('settings:save', { partSize: 1024 })
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    expect(JSON.stringify(refused)).toContain('at least 5 MiB')

    // The upload sheet proposes the default policy, and the upload uses 5 MiB parts.
    const objects = await openBucket(page, bucket)
    desktop.answerUploadPick([files.path('video.bin')])
    await page.getByRole('button', { name: 'Upload...' }).click()
    await expect(uploadSheet(page).getByRole('radio', { name: 'Overwrite' })).toBeChecked()
    await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()
    await expect(transfers(page).getByRole('listitem', { name: 'video.bin' })).toContainText('Verified', {
      timeout: 60_000,
    })
    await expect(objects.getByRole('row', { name: 'video.bin', exact: true })).toBeVisible()
    // 12 MiB in 5 MiB parts: three parts, where the 8 MiB default sends one PUT.
    expect((await headOf(s3, bucket, 'video.bin')).ETag).toMatch(/-3"$/)

    // A new window reads them back from main.
    await page.reload()
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByRole('dialog', { name: 'Settings' }).getByLabel('Part size (MiB)')).toHaveValue(
      '5',
    )
  } finally {
    await main.dispatch('settings:save', DEFAULT_SETTINGS)
    await files.remove()
  }
})

test('a connection with a public URL base copies the public address; the presigned link stays', async ({
  page,
  bucket,
  s3,
  harness,
  desktop,
}) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/Zürich plan.pdf', Body: 'pdf' }))
  const local = harness!.host.local
  try {
    await page.getByRole('button', { name: 'Edit local' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit “local”' })
    await edit.getByLabel('Public URL base').fill('ftp://cdn.example.com')
    await edit.getByRole('button', { name: 'Save connection' }).click()
    await expect(edit.getByText('must be an http:// or https:// address')).toBeVisible()
    await edit.getByLabel('Public URL base').fill('https://cdn.example.com/files/')
    await edit.getByRole('button', { name: 'Save connection' }).click()
    await expect(edit).toBeHidden()

    const objects = await openBucket(page, bucket)
    await objects.getByRole('row', { name: 'docs', exact: true }).click()
    await objects.getByRole('row', { name: 'Zürich plan.pdf', exact: true }).click()
    const inspector = page.getByRole('complementary', { name: 'Inspector' })
    await inspector.getByRole('button', { name: 'Copy URL' }).click()
    await expect(inspector.getByLabel('Public URL')).toHaveValue(
      'https://cdn.example.com/files/docs/Z%C3%BCrich%20plan.pdf',
    )
    expect(desktop.clipboard).toBe('https://cdn.example.com/files/docs/Z%C3%BCrich%20plan.pdf')

    await inspector.getByRole('button', { name: 'Copy link' }).click()
    await expect(inspector.getByLabel('Link', { exact: true })).toHaveValue(/X-Amz-Signature=/)
    // The presigned link works without credentials.
    const response = await fetch(desktop.clipboard)
    expect(await response.text()).toBe('pdf')
  } finally {
    await harness!.host.main.dispatch('connections:save', {
      id: local.id,
      name: local.name,
      endpoint: local.endpoint,
      region: local.region,
      accessKeyId: local.accessKeyId,
      pathStyle: local.pathStyle,
      publicUrlBase: '',
    })
  }
})
