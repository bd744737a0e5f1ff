import type { ConnectionSummary } from '../src/shared/domain/connection'
import { test, expect } from './fixtures'

test('without a keychain the form says so, and remembers a secret only when asked to', async ({
  page,
  server,
  harness,
}) => {
  // The Chromium project's main side is the headless host, which has no keychain.
  test.skip(harness === null, 'reads what the main side stored')
  await page.getByRole('button', { name: 'Add connection' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add connection' })
  const note = dialog.getByRole('note')
  await expect(note).toContainText('No system keychain is available')
  await expect(note).toContainText('kept only until Ferry quits')
  await expect(dialog.getByText('encrypted at rest')).toHaveCount(0)
  const remember = dialog.getByLabel('Remember without encryption')
  await expect(remember).not.toBeChecked()

  await dialog.getByLabel('Name', { exact: true }).fill('remembered')
  await dialog.getByLabel('Endpoint', { exact: true }).fill(server.endpoint)
  await dialog.getByLabel('Path-style addressing').check()
  await dialog.getByLabel('Access key ID', { exact: true }).fill(server.accessKeyId)
  // Pasted with a line break: the form's value keeps it, main trims it.
  await dialog.getByLabel('Secret access key', { exact: true }).fill(`${server.secretAccessKey}\n`)
  await remember.check()
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Save connection' }).click()
  await expect(dialog).toBeHidden()

  const listed = (await harness!.host.main.dispatch('connections:list', {})) as { value: ConnectionSummary[] }
  expect(listed.value.find((c) => c.name === 'remembered')).toMatchObject({
    hasSecret: true,
    secretStorage: 'file',
  })
  await page.getByRole('button', { name: 'Edit remembered' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit “remembered”' })
  await expect(edit.getByLabel('Remember without encryption')).toBeChecked()
  // Leave the worker's main side as the other specs expect it: only their connection.
  await edit.getByRole('button', { name: 'Remove' }).click()
  await edit.getByRole('button', { name: 'Confirm remove' }).click()
  await expect(
    page.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: 'remembered' }),
  ).toHaveCount(0)
})
