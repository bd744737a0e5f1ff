import { test, expect } from './fixtures'

test('the shell loads with the local connection and lists the bucket', async ({ page, bucket }) => {
  const buckets = page.getByRole('navigation', { name: 'Buckets' })
  await expect(buckets.getByRole('button', { name: bucket, exact: true })).toBeVisible()

  await buckets.getByRole('button', { name: bucket, exact: true }).click()
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await expect(breadcrumb.getByRole('button', { name: bucket })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByText('This folder is empty')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Transfers' })).toBeVisible()
})

test('Test connection reports success, and a wrong secret with its message and fix', async ({ page }) => {
  await page.getByRole('button', { name: 'Edit local' }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit “local”' })
  await expect(dialog.getByLabel('Access key ID', { exact: true })).not.toHaveValue('')

  // Blank secret on an edit: the stored one is used.
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible()

  await dialog.getByLabel('Secret access key', { exact: true }).fill('not-the-secret')
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  const alert = dialog.getByRole('alert')
  await expect(alert).toContainText('The server rejected the request signature')
  await expect(alert).toContainText('Check the secret access key of the connection')

  // Testing saves nothing: cancelling leaves the working connection as it was.
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await page.getByRole('button', { name: 'Refresh buckets' }).click()
  await expect(page.getByRole('navigation', { name: 'Buckets' }).getByRole('alert')).toHaveCount(0)
})

test('adding a connection with a wrong endpoint shows why it cannot connect', async ({ page }) => {
  await page.getByRole('button', { name: 'Add connection' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add connection' })
  await dialog.getByLabel('Name', { exact: true }).fill('nowhere')
  // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
  await dialog.getByLabel('Endpoint', { exact: true }).fill('http://127.0.0.1:9')
  await dialog.getByLabel('Access key ID', { exact: true }).fill('AKIAEXAMPLE')
  await dialog.getByLabel('Secret access key', { exact: true }).fill('secret')
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  const alert = dialog.getByRole('alert')
  await expect(alert).toContainText('Connection failed')
  await expect(alert.locator('.error-notice__fix')).not.toBeEmpty()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(
    page.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: 'nowhere' }),
  ).toHaveCount(0)
})
