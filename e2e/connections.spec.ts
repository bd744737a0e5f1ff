import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConnectionSummary } from '../src/shared/domain/connection'
import { test, expect } from './fixtures'

const connections = (page: import('@playwright/test').Page) =>
  page.getByRole('navigation', { name: 'Connections' })

test('a connection can use an AWS profile from ~/.aws instead of keys', async ({
  page,
  bucket,
  server,
  harness,
}) => {
  // The profile is read by the main side, which the chromium project runs in this process.
  test.skip(harness === null, 'points the main side at a temporary ~/.aws through its environment')
  const aws = await mkdtemp(join(tmpdir(), 'ferry-e2e-aws-'))
  await writeFile(
    join(aws, 'credentials'),
    `[ferry-e2e]\naws_access_key_id = ${server.accessKeyId}\naws_secret_access_key = ${server.secretAccessKey}\n`,
  )
  await writeFile(join(aws, 'config'), `[profile ferry-e2e]\nregion = ${server.region}\n`)
  const saved = {
    credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'],
    config: process.env['AWS_CONFIG_FILE'],
  }
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(aws, 'credentials')
  process.env['AWS_CONFIG_FILE'] = join(aws, 'config')
  try {
    await page.getByRole('button', { name: 'Add connection' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add connection' })
    await dialog.getByLabel('Name', { exact: true }).fill('via profile')
    await dialog.getByLabel('Endpoint', { exact: true }).fill(server.endpoint)
    await dialog.getByLabel('Path-style addressing').check()
    await dialog.getByRole('radio', { name: 'AWS profile' }).check()
    await expect(dialog.getByLabel('Access key ID', { exact: true })).toHaveCount(0)
    await dialog.getByLabel('Profile name', { exact: true }).fill('ferry-e2e')
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible()
    await dialog.getByRole('button', { name: 'Save connection' }).click()
    await expect(dialog).toBeHidden()

    await expect(connections(page).getByRole('button', { name: 'via profile', exact: true })).toHaveAttribute(
      'aria-current',
      'true',
    )
    await expect(
      page.getByRole('navigation', { name: 'Buckets' }).getByRole('button', { name: bucket, exact: true }),
    ).toBeVisible()
    const listed = (await harness!.host.main.dispatch('connections:list', {})) as {
      value: ConnectionSummary[]
    }
    const profile = listed.value.find((c) => c.name === 'via profile')!
    // No key stored in Ferry: the profile is resolved at each connect.
    expect(profile).toMatchObject({ profile: 'ferry-e2e', accessKeyId: '', hasSecret: false })

    await page.getByRole('button', { name: 'Edit via profile' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit “via profile”' })
    await expect(edit.getByRole('radio', { name: 'AWS profile' })).toBeChecked()
    await expect(edit.getByLabel('Profile name', { exact: true })).toHaveValue('ferry-e2e')
    await edit.getByRole('button', { name: 'Remove' }).click()
    await edit.getByRole('button', { name: 'Confirm remove' }).click()
    await expect(connections(page).getByRole('button', { name: 'via profile' })).toHaveCount(0)
  } finally {
    for (const [name, value] of [
      ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
      ['AWS_CONFIG_FILE', saved.config],
    ] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await rm(aws, { recursive: true, force: true })
  }
})

test('picking a connection opens its default bucket', async ({ page, bucket, server }) => {
  await page.getByRole('button', { name: 'Add connection' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add connection' })
  await dialog.getByLabel('Name', { exact: true }).fill('with default')
  await dialog.getByLabel('Endpoint', { exact: true }).fill(server.endpoint)
  await dialog.getByLabel('Path-style addressing').check()
  await dialog.getByLabel('Access key ID', { exact: true }).fill(server.accessKeyId)
  await dialog.getByLabel('Secret access key', { exact: true }).fill(server.secretAccessKey)
  await dialog.getByLabel('Default bucket', { exact: true }).fill(bucket)
  await dialog.getByRole('button', { name: 'Save connection' }).click()

  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  try {
    await expect(breadcrumb.getByRole('button', { name: bucket })).toHaveAttribute('aria-current', 'page')
    await connections(page).getByRole('button', { name: 'local', exact: true }).click()
    await expect(page.getByText('Pick a bucket')).toBeVisible()
    await connections(page).getByRole('button', { name: 'with default', exact: true }).click()
    await expect(breadcrumb.getByRole('button', { name: bucket })).toHaveAttribute('aria-current', 'page')
    await expect(page.getByText('This folder is empty')).toBeVisible()
  } finally {
    await page.getByRole('button', { name: 'Edit with default' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit “with default”' })
    await edit.getByRole('button', { name: 'Remove' }).click()
    await edit.getByRole('button', { name: 'Confirm remove' }).click()
    await expect(connections(page).getByRole('button', { name: 'with default' })).toHaveCount(0)
  }
})
