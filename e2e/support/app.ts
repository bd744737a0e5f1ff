// Steps many specs share, written as a person does them.
import { expect, type Locator, type Page } from '@playwright/test'

/** Opens a bucket from the sidebar and waits for its listing. */
export async function openBucket(page: Page, bucket: string): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await expect(breadcrumb.getByRole('button', { name: bucket })).toBeVisible()
  return page.getByRole('grid', { name: 'Objects' })
}

export const uploadSheet = (page: Page): Locator => page.getByRole('dialog', { name: /^Upload to / })

export const transfers = (page: Page): Locator => page.getByRole('region', { name: 'Transfers' })

/** Adds one x-amz-meta-* row to a metadata form and fills it. */
export async function addMetadata(form: Locator, name: string, value: string): Promise<void> {
  await form.getByRole('button', { name: 'Add metadata' }).click()
  const row = form.getByRole('listitem', { name: 'New metadata' }).last()
  await row.getByLabel('Metadata value', { exact: true }).fill(value)
  await row.getByLabel('Metadata key', { exact: true }).fill(name)
}

/**
 * Runs one of the open folder's toolbar actions ("Upload...", "New folder", "Sync...",
 * "Upload from URL…", "Incomplete uploads"): its button when the toolbar has room for it,
 * otherwise the same item in the toolbar's More menu.
 */
export async function folderAction(page: Page, name: string): Promise<void> {
  const actions = page.getByRole('group', { name: 'Folder actions' })
  const button = actions.getByRole('button', { name, exact: true })
  if (await button.isVisible()) return button.click()
  await actions.getByRole('button', { name: 'More actions' }).click()
  await moreItem(page, name).click()
}

/** An item of the toolbar's More menu: an action, or an on/off one (Pin, Show versions). */
function moreItem(page: Page, name: string): Locator {
  const menu = page.getByRole('menu', { name: 'More actions' })
  return menu
    .getByRole('menuitem', { name, exact: true })
    .or(menu.getByRole('menuitemcheckbox', { name, exact: true }))
}

/** Whether an on/off folder action is on: its button pressed, or its More item ticked. */
export async function folderActionIsOn(page: Page, name: string): Promise<boolean> {
  const actions = page.getByRole('group', { name: 'Folder actions' })
  const button = actions.getByRole('button', { name, exact: true })
  if (await button.isVisible()) return (await button.getAttribute('aria-pressed')) === 'true'
  await actions.getByRole('button', { name: 'More actions' }).click()
  const on = (await moreItem(page, name).getAttribute('aria-checked')) === 'true'
  await page.keyboard.press('Escape')
  return on
}

/** Renames a folder of the open listing through its Rename dialog. */
export async function renameFolder(page: Page, from: string, to: string): Promise<Locator> {
  const objects = page.getByRole('grid', { name: 'Objects' })
  await objects.getByRole('row', { name: from, exact: true }).click({ modifiers: ['ControlOrMeta'] })
  await folderAction(page, 'Rename')
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('New name').fill(to)
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click()
  return dialog
}
