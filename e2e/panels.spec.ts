// The inspector and the transfers panel resize by their edges (mouse or keyboard), collapse
// and come back, and are as they were left after the window reloads.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { Locator } from '@playwright/test'
import { test, expect } from './fixtures'
import { openBucket, transfers } from './support/app'

const widthOf = async (l: Locator) => (await l.boundingBox())!.width
const heightOf = async (l: Locator) => (await l.boundingBox())!.height

test('the inspector and the transfers panel resize, collapse, and are remembered', async ({
  page,
  bucket,
  s3,
}) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'hello' }))
  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'notes.txt', exact: true }).click()
  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  await expect(inspector.getByRole('form', { name: 'Metadata' })).toBeVisible()

  // Keyboard: each arrow towards the list widens the inspector by 16 px.
  const edge = page.getByRole('separator', { name: 'Resize inspector' })
  const before = await widthOf(inspector)
  await edge.focus()
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft')
  await expect.poll(() => widthOf(inspector)).toBeCloseTo(before + 48, 0)
  await expect(edge).toHaveAttribute('aria-valuenow', String(Math.round(before + 48)))

  // Mouse: dragging the edge 60 px right narrows it by as much.
  const box = (await edge.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + 200)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 30, box.y + 200, { steps: 3 })
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + 200, { steps: 3 })
  await page.mouse.up()
  // The last move may render after the pointer is up: wait for it, then take that width.
  await expect.poll(() => widthOf(inspector)).toBeCloseTo(before + 48 - 60, 0)
  const dragged = await widthOf(inspector)

  // Collapsed to a strip whose button brings it back; Enter on the edge does the same.
  await inspector.getByRole('button', { name: 'Hide inspector' }).click()
  await expect(inspector.getByRole('form', { name: 'Metadata' })).toBeHidden()
  await expect(inspector.getByRole('button', { name: 'Show inspector' })).toHaveAttribute(
    'aria-expanded',
    'false',
  )
  expect(await widthOf(inspector)).toBeLessThan(40)
  await edge.focus()
  await page.keyboard.press('Enter')
  await expect(inspector.getByRole('form', { name: 'Metadata' })).toBeVisible()
  expect(await widthOf(inspector)).toBeCloseTo(dragged, 0)

  // The transfers panel: taller by the keyboard, then collapsed to its header.
  const panel = transfers(page)
  const panelEdge = page.getByRole('separator', { name: 'Resize transfers' })
  const low = await heightOf(panel)
  await panelEdge.focus()
  await page.keyboard.press('Shift+ArrowUp')
  await expect.poll(() => heightOf(panel)).toBeCloseTo(low + 64, 0)
  const tall = await heightOf(panel)
  await panel.getByRole('button', { name: 'Hide transfers' }).click()
  await expect(panel.getByRole('button', { name: 'Show transfers' })).toHaveAttribute(
    'aria-expanded',
    'false',
  )
  expect(await heightOf(panel)).toBeLessThan(60)
  await inspector.getByRole('button', { name: 'Hide inspector' }).click()

  // After a reload both are still collapsed, and come back at the sizes they had.
  await page.reload()
  await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'notes.txt', exact: true }).click()
  await expect(inspector.getByRole('button', { name: 'Show inspector' })).toBeVisible()
  await inspector.getByRole('button', { name: 'Show inspector' }).click()
  await expect(inspector.getByRole('form', { name: 'Metadata' })).toBeVisible()
  expect(await widthOf(inspector)).toBeCloseTo(dragged, 0)
  await panel.getByRole('button', { name: 'Show transfers' }).click()
  await expect.poll(() => heightOf(panel)).toBeCloseTo(tall, 0)
})

test('Show transfers, from the menu or its shortcut, opens the panel when it was hidden', async ({
  page,
  bucket,
  harness,
}) => {
  await openBucket(page, bucket)
  const panel = transfers(page)
  const hide = panel.getByRole('button', { name: 'Hide transfers' })
  const show = panel.getByRole('button', { name: 'Show transfers' })

  await hide.click()
  await expect(show).toHaveAttribute('aria-expanded', 'false')
  expect(harness!.host.main.menu('show-transfers')).toBe('relayed')
  await expect(hide).toHaveAttribute('aria-expanded', 'true')
  await expect(panel).toBeFocused()
  expect(await heightOf(panel)).toBeGreaterThan(100)

  await hide.click()
  await expect(show).toBeVisible()
  await page.keyboard.press('Control+J')
  await expect(hide).toHaveAttribute('aria-expanded', 'true')
  await expect(panel).toBeFocused()
})
