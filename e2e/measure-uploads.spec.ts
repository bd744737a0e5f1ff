// Measures the window while 1,000 small files upload into the open folder, in Chromium,
// against the real main side, engine and radosgw: frame times and long tasks from the click
// on Start upload until every file is done (the transfers panel and the listing both follow).
// On demand only:
//   FERRY_MEASURE=1 npx playwright test --project=measure e2e/measure-uploads.spec.ts
// It prints one JSON line of figures, then fails if the window missed its budgets.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { folderAction, openBucket, transfers, uploadSheet } from './support/app'
import { localFiles } from './support/local-files'
import {
  expectWithinBudget,
  profilePhase,
  summarize,
  takeLongTasks,
  watchLongTasks,
  type MeasureWindow,
} from './support/measure'

const FILES = Number(process.env['FERRY_MEASURE_FILES'] ?? 1_000)
const FILE_BYTES = 16 * 1024

test('1,000 small files uploading: the window stays smooth', async ({ page, bucket, desktop }) => {
  test.setTimeout(15 * 60_000)
  const files = await localFiles({})
  const dir = files.path('small')
  await mkdir(dir)
  const body = Buffer.alloc(FILE_BYTES, 7)
  for (let i = 0; i < FILES; i++) await writeFile(join(dir, `file-${String(i).padStart(4, '0')}.bin`), body)

  await openBucket(page, bucket)
  desktop.answerUploadPick([dir])
  await folderAction(page, 'Upload...')
  const start = uploadSheet(page).getByRole('button', { name: 'Start upload' })
  await expect(start).toBeEnabled()
  await watchLongTasks(page)
  await start.click()

  const want = `0 active · ${FILES} done`
  const run = await profilePhase(page, 'uploading', () =>
    page.evaluate(async (done) => {
      const w = globalThis as unknown as MeasureWindow
      const summary = () => w.document.querySelector('.transfers__summary')?.textContent ?? ''
      const frames: number[] = []
      const t0 = performance.now()
      let last = t0
      while (summary() !== done) {
        const now = await new Promise<number>((resolve) => w.requestAnimationFrame(resolve))
        frames.push(now - last)
        last = now
        if (now - t0 > 10 * 60_000) throw new Error(`uploads stalled at "${summary()}"`)
      }
      return { ms: performance.now() - t0, frames }
    }, want),
  )
  const longTasks = await takeLongTasks(page)
  await expect(transfers(page).locator('.transfers__summary')).toHaveText(want)
  await files.remove()

  const figures = {
    files: FILES,
    fileBytes: FILE_BYTES,
    uploadSeconds: Math.round(run.ms / 100) / 10,
    framesWhileUploading: summarize(run.frames),
    longTasksWhileUploading: summarize(longTasks),
  }
  console.log(`measure-uploads ${JSON.stringify(figures)}`)
  expectWithinBudget('while 1,000 small files upload', run.frames, longTasks)
})
