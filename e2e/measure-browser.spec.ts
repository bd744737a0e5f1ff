// Measures the object browser with 100,000 objects in one folder, in Chromium, against the
// real main side and radosgw. Run on demand only (it fills a bucket for minutes):
//   FERRY_MEASURE=1 npx playwright test --project measure
// It prints one JSON line of figures: time to the first rows, time to list everything
// (scrolling to the end, as a person would, while pages stream in), and frame times and long
// tasks while scrolling, and long tasks while the order and the filter change; then fails if
// scrolling or reordering missed the window's budgets (support/measure.ts).
// The filled bucket is kept, so a second run measures at once.
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import {
  expectWithinBudget,
  profilePhase,
  summarize,
  takeLongTasks,
  watchLongTasks,
  type MeasureWindow,
} from './support/measure'
import { shot } from './support/shots'

const OBJECTS = Number(process.env['FERRY_MEASURE_OBJECTS'] ?? 100_000)
const BUCKET = `ferry-measure-${OBJECTS}`
const FILL_CONCURRENCY = 64
const keyOf = (i: number) => `object-${String(i).padStart(6, '0')}.bin`

async function exists(s3: S3Client, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
    return true
  } catch {
    return false
  }
}

/** Empty objects, many PutObjects in flight: the listing is what is measured, not the bytes. */
async function fill(s3: S3Client): Promise<number> {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined)
  // The last key is written last (after every worker is done), so its presence means a full bucket.
  if (await exists(s3, keyOf(OBJECTS - 1))) return 0
  const started = Date.now()
  let next = 0
  const worker = async () => {
    for (let i = next++; i < OBJECTS - 1; i = next++) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: keyOf(i), Body: new Uint8Array(0) }))
    }
  }
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, worker))
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: keyOf(OBJECTS - 1), Body: new Uint8Array(0) }))
  return Date.now() - started
}

test('100,000 objects: first rows, the whole listing, and scrolling stay smooth', async ({ page, s3 }) => {
  test.setTimeout(30 * 60_000)
  const fillMs = await fill(s3)
  await page.getByRole('button', { name: 'Refresh buckets' }).click()
  const bucketButton = page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: BUCKET, exact: true })
  await expect(bucketButton).toBeVisible()
  await watchLongTasks(page)

  // From the click to the first frame that shows rows.
  const firstRowsMs = await page.evaluate(async (name) => {
    const w = globalThis as unknown as MeasureWindow
    const button = Array.from(w.document.querySelectorAll('nav button')).find((b) => b.textContent === name)
    const t0 = performance.now()
    button!.click()
    const frame = () => new Promise((resolve) => w.requestAnimationFrame(resolve))
    while (!w.document.querySelector('.object-table__rows [role="row"]')) await frame()
    return performance.now() - t0
  }, BUCKET)
  const longTasksFirstRows = await takeLongTasks(page)

  // Scroll to the end every frame until the count no longer says "so far": pages load as the
  // end comes near, the way a person dragging the scrollbar down would load them.
  const expected = `${OBJECTS.toLocaleString('en-US')} objects`
  const listing = await profilePhase(page, 'listing', () =>
    page.evaluate(async (want) => {
      const w = globalThis as unknown as MeasureWindow
      const body = w.document.querySelector('.object-table__body')!
      const count = () => w.document.querySelector('.browser__count')?.textContent ?? ''
      const frames: number[] = []
      const t0 = performance.now()
      let last = t0
      while (count() !== want) {
        body.scrollTop = body.scrollHeight
        await new Promise((resolve) => w.requestAnimationFrame(resolve))
        const now = performance.now()
        frames.push(now - last)
        last = now
        if (now - t0 > 20 * 60_000) throw new Error(`listing stalled at "${count()}"`)
      }
      return { ms: performance.now() - t0, frames }
    }, expected),
  )
  const longTasksListing = await takeLongTasks(page)
  await expect(page.getByText(expected, { exact: true })).toBeVisible()
  // With FERRY_SHOTS=DIR, the whole listing, light and dark (after the long-task watch).
  await shot(page, 'browser-100000-objects')

  // Scrolling the full list: from the top, 40 rows a frame, for 600 frames, then a fling to
  // the middle and back, as a scrollbar drag does.
  const scrolling = await profilePhase(page, 'scrolling', () =>
    page.evaluate(async () => {
      const w = globalThis as unknown as MeasureWindow
      const body = w.document.querySelector('.object-table__body')!
      body.scrollTop = 0
      const frame = () => new Promise<number>((resolve) => w.requestAnimationFrame(resolve))
      await frame()
      const frames: number[] = []
      let last = await frame()
      for (let i = 0; i < 600; i++) {
        body.scrollTop += i % 200 === 199 ? body.scrollHeight / 3 : 40 * 28
        const now = await frame()
        frames.push(now - last)
        last = now
      }
      return { frames, rowsInDom: body.querySelectorAll('[role="row"]').length }
    }),
  )
  const longTasksScrolling = await takeLongTasks(page)

  // Changing the order and the filter, as a person clicks headers and types: each change
  // reorders all 100,000 rows at once.
  const table = page.getByRole('grid', { name: 'Objects' })
  const header = (name: string) => table.getByRole('columnheader', { name })
  const filter = page.getByLabel('Filter', { exact: true })
  const reordering = await profilePhase(page, 'reordering', async () => {
    const t0 = Date.now()
    for (const [column, direction] of [
      ['Name', 'descending'],
      ['Size', 'ascending'],
      ['Last modified', 'ascending'],
      ['Storage class', 'ascending'],
      ['Name', 'ascending'],
    ] as const) {
      await header(column).getByRole('button').click()
      await expect(header(column)).toHaveAttribute('aria-sort', direction)
    }
    // The first row of the list, once scrolled to the top.
    const first = (key: string) =>
      expect(async () => {
        await page.locator('.object-table__body').evaluate((body) => void (body.scrollTop = 0))
        await expect(table.getByRole('row', { name: key, exact: true })).toHaveAttribute('aria-rowindex', '2')
      }).toPass()
    await filter.pressSequentially('object-09', { delay: 50 })
    await first(keyOf(90_000))
    await filter.fill('')
    await first(keyOf(0))
    return { ms: Date.now() - t0 }
  })
  const longTasksReordering = await takeLongTasks(page)

  const figures = {
    objects: OBJECTS,
    fillSeconds: fillMs ? Math.round(fillMs / 100) / 10 : 'bucket already filled',
    firstRowsMs: Math.round(firstRowsMs),
    longTasksUntilFirstRows: summarize(longTasksFirstRows),
    listAllSeconds: Math.round(listing.ms / 100) / 10,
    framesWhileListing: summarize(listing.frames),
    longTasksWhileListing: summarize(longTasksListing),
    framesWhileScrolling: summarize(scrolling.frames),
    longTasksWhileScrolling: summarize(longTasksScrolling),
    rowsInDom: scrolling.rowsInDom,
    reorderingSeconds: Math.round(reordering.ms / 100) / 10,
    longTasksWhileReordering: summarize(longTasksReordering),
  }
  console.log(`measure-browser ${JSON.stringify(figures)}`)
  // Only the virtualized rows exist, however long the list.
  expect(scrolling.rowsInDom).toBeLessThan(200)
  expectWithinBudget('while scrolling 100,000 objects', scrolling.frames, longTasksScrolling)
  expectWithinBudget('while sorting and filtering 100,000 objects', [], longTasksReordering)
})
