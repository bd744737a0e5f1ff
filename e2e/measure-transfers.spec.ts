// Measures the transfers panel with 10,000 uploads queued behind large ones that report
// progress, in Chromium, against the real main side, engine and radosgw. On demand only:
//   FERRY_MEASURE=1 npx playwright test --project measure e2e/measure-transfers.spec.ts
// It prints one JSON line: how long the 10,020 rows took to appear, frame times and long
// tasks while progress streams in (the window left alone, then the list scrolled), and how
// many change batches reached the page per second (progress is batched, not one IPC message
// per part); then fails if either phase missed the window's budgets (support/measure.ts).
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet, folderAction } from './support/app'
import { localFiles } from './support/local-files'
import {
  expectWithinBudget,
  profilePhase,
  summarize,
  takeLongTasks,
  watchLongTasks,
  type MeasureWindow,
} from './support/measure'
import type { PageWindow } from './support/page-globals'

const MiB = 1024 * 1024
const QUEUED = Number(process.env['FERRY_MEASURE_QUEUED'] ?? 10_000)
const LARGE = 20
// Slow enough that the large files are still uploading when the measurement ends, and that
// the in-memory radosgw does not fill up.
const BANDWIDTH = 48 * MiB

test('10,000 queued transfers while the large ones report progress: the window stays smooth', async ({
  page,
  bucket,
  desktop,
}) => {
  test.setTimeout(15 * 60_000)
  const files = await localFiles({})
  const large = Array.from({ length: LARGE }, (_, i) => files.path(`large-${String(i).padStart(2, '0')}.bin`))
  // Sparse: large on the wire, instant to make.
  for (const path of large) execFileSync('truncate', ['-s', String(512 * MiB), path])
  const smallDir = files.path('small')
  await mkdir(smallDir)
  for (let i = 0; i < QUEUED; i++)
    await writeFile(join(smallDir, `small-${String(i).padStart(5, '0')}.txt`), 'x')

  await page.evaluate(
    (limit) => (globalThis as unknown as PageWindow).ferry.saveSettings({ maxBytesPerSecond: limit }),
    BANDWIDTH,
  )
  await openBucket(page, bucket)
  desktop.answerUploadPick([...large, smallDir])
  await folderAction(page, 'Upload...')
  const started = Date.now()
  await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()

  const panel = transfers(page)
  await page.evaluate(() => {
    const w = globalThis as unknown as PageWindow & { __batches: number[] }
    w.__batches = []
    w.ferry.onTransfersChanged(() => w.__batches.push(performance.now()))
  })
  await expect(panel.getByRole('listitem', { name: 'large-00.bin' })).toContainText(/Uploading/, {
    timeout: 5 * 60_000,
  })
  // Every transfer is known to the panel once the summary counts them all (queued or running).
  const summary = panel.locator('.transfers__summary')
  await expect(summary).toContainText(`${QUEUED + LARGE} active`, { timeout: 5 * 60_000 })
  const rowsKnownMs = Date.now() - started

  await watchLongTasks(page)
  // 20 s with the window left alone while progress streams in, then 600 frames of scrolling.
  const idle = await profilePhase(page, 'progress', () =>
    page.evaluate(async () => {
      const w = globalThis as unknown as MeasureWindow & { __batches: number[] }
      w.__batches = []
      const frames: number[] = []
      const t0 = performance.now()
      let last = t0
      while (performance.now() - t0 < 20_000) {
        const now = await new Promise<number>((resolve) => w.requestAnimationFrame(resolve))
        frames.push(now - last)
        last = now
      }
      return { frames, batchesPerSecond: w.__batches.length / 20 }
    }),
  )
  const longTasksIdle = await takeLongTasks(page)
  // Rows at the top of the list, in view before the scrolling: the large files, uploading.
  const uploading = await panel.locator('li').filter({ hasText: 'Uploading' }).count()
  const topRows = (await panel.locator('li').allTextContents()).slice(0, 8)
  const scrolling = await profilePhase(page, 'scrolling', () =>
    page.evaluate(async () => {
      const w = globalThis as unknown as MeasureWindow
      const body = w.document.querySelector('.transfers__scroll')!
      const frame = () => new Promise<number>((resolve) => w.requestAnimationFrame(resolve))
      const frames: number[] = []
      let last = await frame()
      for (let i = 0; i < 600; i++) {
        body.scrollTop += i % 200 === 199 ? body.scrollHeight / 3 : 400
        const now = await frame()
        frames.push(now - last)
        last = now
      }
      return { frames, rowsInDom: body.querySelectorAll('li').length }
    }),
  )
  const longTasksScrolling = await takeLongTasks(page)

  const figures = {
    queued: QUEUED,
    large: LARGE,
    rowsKnownSeconds: Math.round(rowsKnownMs / 100) / 10,
    uploadingRowsInViewAtTop: uploading,
    topRows,
    changeBatchesPerSecond: idle.batchesPerSecond,
    framesWhileProgress: summarize(idle.frames),
    longTasksWhileProgress: summarize(longTasksIdle),
    framesWhileScrolling: summarize(scrolling.frames),
    longTasksWhileScrolling: summarize(longTasksScrolling),
    rowsInDom: scrolling.rowsInDom,
  }
  console.log(`measure-transfers ${JSON.stringify(figures)}`)

  // Cancel everything (aborting the multipart uploads), so the bucket can be emptied.
  await page.evaluate(async () => {
    const { ferry } = globalThis as unknown as PageWindow
    const listed = await ferry.listTransfers()
    if (!listed.ok) throw new Error(listed.error.message)
    for (const t of listed.value) await ferry.cancelTransfer({ id: t.id })
  })
  await expect(summary).toContainText('0 active', { timeout: 5 * 60_000 })
  await files.remove()
  // Only the virtualized rows exist, however many transfers there are.
  expect(scrolling.rowsInDom).toBeGreaterThan(0)
  expect(scrolling.rowsInDom).toBeLessThan(200)
  // Progress arrives batched: at most one change batch a frame, far fewer than parts or files.
  expect(idle.batchesPerSecond).toBeLessThan(61)
  expectWithinBudget('while progress streams in', idle.frames, longTasksIdle)
  expectWithinBudget('while scrolling 10,020 transfers', scrolling.frames, longTasksScrolling)
})
